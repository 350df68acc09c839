/**
 * The action-template bundle pushing to a real Prometheus Pushgateway (Debian package, started on a
 * free port): the scraped series and labels, counters that keep counting across runs, the
 * grouping key with `/` in label values, and a stopped Pushgateway (a warning, the step green).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runAction } from '../../harness/run-action.js';
import { INSTALL_TIMEOUT_MS } from '../../services/debian-package.js';
import { startPushgateway, type RunningPushgateway } from '../../services/pushgateway.js';
import { find, parseExposition, value } from '../../services/prometheus-text.js';

let gateway: RunningPushgateway;

beforeAll(async () => {
  gateway = await startPushgateway();
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await gateway?.stop();
});

const group = { job: 'dataops_actions', repository: 'octo-org/data-platform', workflow: 'CI', action: 'action-template', instance: '' };

describe('metrics pushed by a bundle to a real Pushgateway', () => {
  beforeEach(async () => {
    await gateway.wipe();
  });

  test('one run: the series a Prometheus scrape sees, with the grouping labels', async () => {
    const result = await runAction('action-template', { inputs: { who: 'data team', 'metrics-pushgateway-url': gateway.url } });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(result.log).toContain(`Pushed metrics to the Pushgateway (${gateway.url}/metrics/job/dataops_actions/repository@base64/`);

    const scrape = parseExposition(await gateway.scrape());
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(1);
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'failure' })).toBe(0);
    expect(scrape.types.dataops_action_runs_total).toBe('counter');
    expect(value(scrape, 'dataops_action_template_greetings_total', group)).toBe(1);
    expect(scrape.types.dataops_action_template_greetings_total).toBe('counter');
    expect(value(scrape, 'dataops_action_last_run_count', { ...group, counter: 'greetings' })).toBe(1);
    const total = value(scrape, 'dataops_action_duration_seconds', { ...group, phase: 'total' });
    expect(scrape.types.dataops_action_duration_seconds).toBe('gauge');
    // The pushed duration is the one in the metrics output (a single source of truth).
    const record = JSON.parse(result.outputs.metrics);
    expect(total).toBeCloseTo(record.durationMs / 1000, 6);
    expect(value(scrape, 'dataops_action_consecutive_failures', group)).toBe(0);
    expect(value(scrape, 'dataops_action_info', { ...group, version: 'v1' })).toBe(1);
    const finished = value(scrape, 'dataops_action_last_run_timestamp_seconds', group);
    expect(finished).toBeCloseTo((Date.parse(record.startedAt) + record.durationMs) / 1000, 3);
    expect(value(scrape, 'dataops_action_last_success_timestamp_seconds', group)).toBe(finished);
    // Every series of ours carries exactly the grouping labels (plus its own).
    for (const sample of scrape.samples.filter((s) => s.name.startsWith('dataops_'))) {
      expect(sample.labels).toMatchObject(group);
    }
    expect(scrape.help.dataops_action_runs_total).toMatch(/Runs of the action/);
  });

  test('counters keep counting across runs; a failed run is counted and tracked as a streak', async () => {
    const inputs = { who: 'ops', 'metrics-pushgateway-url': gateway.url };
    for (let i = 0; i < 2; i++) expect((await runAction('action-template', { inputs })).exitCode).toBe(0);
    let scrape = parseExposition(await gateway.scrape());
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(2);
    expect(value(scrape, 'dataops_action_template_greetings_total', group)).toBe(2);
    const lastSuccess = value(scrape, 'dataops_action_last_success_timestamp_seconds', group);

    for (let i = 0; i < 2; i++) {
      const failed = await runAction('action-template', { inputs: { ...inputs, 'dry-run': 'maybe' } });
      expect(failed.exitCode).toBe(1);
      expect(failed.warnings).toEqual([]);
    }
    scrape = parseExposition(await gateway.scrape());
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(2);
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'failure' })).toBe(2);
    expect(value(scrape, 'dataops_action_consecutive_failures', group)).toBe(2);
    // Counters the failed runs did not touch are kept, and so is the last success.
    expect(value(scrape, 'dataops_action_template_greetings_total', group)).toBe(2);
    expect(value(scrape, 'dataops_action_last_success_timestamp_seconds', group)).toBe(lastSuccess);
    expect(value(scrape, 'dataops_action_last_run_timestamp_seconds', group)).toBeGreaterThan(lastSuccess);

    expect((await runAction('action-template', { inputs })).exitCode).toBe(0);
    scrape = parseExposition(await gateway.scrape());
    expect(value(scrape, 'dataops_action_consecutive_failures', group)).toBe(0);
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(3);
  });

  test('label values with "/" and spaces reach the Pushgateway intact (base64 grouping key)', async () => {
    const env = { GITHUB_REPOSITORY: 'octo-org/data/platform', GITHUB_WORKFLOW: '.github/workflows/nightly checks.yml' };
    const result = await runAction('action-template', { inputs: { who: 'ops', 'metrics-pushgateway-url': `${gateway.url}/` }, env });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    const scrape = parseExposition(await gateway.scrape());
    const labels = { repository: 'octo-org/data/platform', workflow: '.github/workflows/nightly checks.yml', action: 'action-template' };
    expect(value(scrape, 'dataops_action_runs_total', { ...labels, outcome: 'success' })).toBe(1);
    // Groups are separate per workflow: the default group was not touched.
    expect(find(scrape, 'dataops_action_runs_total', { workflow: 'CI' })).toEqual([]);
  });

  test('the JSON line in RUNNER_TEMP and the output describe the same run that was pushed', async () => {
    const result = await runAction('action-template', { inputs: { who: 'ops', 'metrics-pushgateway-url': gateway.url } });
    const lines = readFileSync(path.join(result.dirs.temp, 'dataops-metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual(JSON.parse(result.outputs.metrics));
    expect(JSON.parse(lines[0])).toMatchObject({
      action: 'action-template',
      version: 'v1',
      repository: 'octo-org/data-platform',
      workflow: 'CI',
      job: 'test',
      runId: '4242',
      runAttempt: '1',
    });
  });

  test('a malformed Pushgateway URL fails the step before the action runs, naming the input', async () => {
    const result = await runAction('action-template', { inputs: { who: 'ops', 'metrics-pushgateway-url': `${gateway.url}/metrics/job/x` } });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/^action-template: Input 'metrics-pushgateway-url' has invalid value .*expected an http\(s\) Pushgateway base URL/);
    expect(result.outputs.message).toBeUndefined();
    expect(parseExposition(await gateway.scrape()).samples.filter((s) => s.name.startsWith('dataops_'))).toEqual([]);
  });
});

describe('a Pushgateway that is down', () => {
  test('the push is retried, then a warning; the step stays green with its outputs and file', async () => {
    const stopped = await startPushgateway();
    await stopped.stop();
    const result = await runAction('action-template', { inputs: { who: 'ops', 'metrics-pushgateway-url': stopped.url } });
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(new RegExp(`^Metrics were not pushed to the Pushgateway at ${stopped.url}: Pushgateway unreachable \\(ECONNREFUSED\\)`));
    expect(result.log).toMatch(/Pushgateway failed \(Pushgateway unreachable \(ECONNREFUSED\)\); retry 1\/2/);
    expect(result.outputs.message).toBe('Hello, ops!');
    expect(JSON.parse(result.outputs.metrics).outcome).toBe('success');
    expect(readFileSync(path.join(result.dirs.temp, 'dataops-metrics.jsonl'), 'utf8')).toContain('"action":"action-template"');
  });
});
