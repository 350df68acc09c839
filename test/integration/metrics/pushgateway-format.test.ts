/**
 * pushMetrics against the real Pushgateway with records no action template produces: many phases,
 * phase names with quotes, backslashes, newlines and non-ASCII, a repeated phase, and group
 * replacement (PUT) dropping the phases of an earlier run. The server is the judge of the format:
 * it rejects a malformed or inconsistent push with HTTP 400.
 */
import fc from 'fast-check';
import type { MetricsRecord } from '#shared/metrics.js';
import { pushMetrics } from '#shared/pushgateway.js';
import { INSTALL_TIMEOUT_MS } from '../../services/debian-package.js';
import { startPushgateway, type RunningPushgateway } from '../../services/pushgateway.js';
import { find, parseExposition, value } from '../../services/prometheus-text.js';

process.env.DATAOPS_RETRY_BASE_MS = '5';

let gateway: RunningPushgateway;
beforeAll(async () => {
  gateway = await startPushgateway();
}, INSTALL_TIMEOUT_MS);
afterAll(async () => {
  await gateway?.stop();
});
beforeEach(async () => {
  await gateway.wipe();
});

function record(phases: Array<[string, number]>, overrides: Partial<MetricsRecord> = {}): MetricsRecord {
  return {
    action: 'deploy-with-rollback',
    version: 'v1.2.3',
    outcome: 'success',
    startedAt: new Date().toISOString(),
    durationMs: phases.reduce((sum, [, ms]) => sum + ms, 0) + 5,
    phases: phases.map(([name, durationMs]) => ({ name, startedAt: new Date().toISOString(), durationMs, ok: true })),
    counters: { rollbacks: 1, probe_failures: 3 },
    repository: 'octo-org/data-platform',
    workflow: 'Deploy / production',
    job: 'deploy',
    runId: '7',
    runAttempt: '1',
    ref: 'refs/heads/main',
    sha: 'b'.repeat(40),
    ...overrides,
  };
}

const group = { job: 'dataops_actions', repository: 'octo-org/data-platform', workflow: 'Deploy / production', action: 'deploy-with-rollback' };

test('odd phase names and a repeated phase are accepted and scraped back exactly', async () => {
  const phases: Array<[string, number]> = [
    ['deploy', 2000],
    ['health_probe', 500],
    ['health_probe', 250],
    ['say "hi" \\ now\nplease', 100],
    ['vérifier ✓', 40],
  ];
  const result = await pushMetrics(gateway.url, record(phases));
  expect(result.error).toBeUndefined();
  expect(result.pushed).toBe(true);
  const scrape = parseExposition(await gateway.scrape());
  expect(value(scrape, 'dataops_action_duration_seconds', { ...group, phase: 'health_probe' })).toBeCloseTo(0.75, 9);
  expect(value(scrape, 'dataops_action_duration_seconds', { ...group, phase: 'say "hi" \\ now\nplease' })).toBeCloseTo(0.1, 9);
  expect(value(scrape, 'dataops_action_duration_seconds', { ...group, phase: 'vérifier ✓' })).toBeCloseTo(0.04, 9);
  expect(value(scrape, 'dataops_deploy_with_rollback_rollbacks_total', group)).toBe(1);
  expect(value(scrape, 'dataops_deploy_with_rollback_probe_failures_total', group)).toBe(3);
  expect(value(scrape, 'dataops_action_info', { ...group, version: 'v1.2.3' })).toBe(1);
});

test('a push replaces the group: phases of the previous run disappear, counters carry on', async () => {
  await pushMetrics(
    gateway.url,
    record([
      ['download', 100],
      ['verify', 10],
    ]),
  );
  await pushMetrics(gateway.url, record([['plan', 300]], { counters: { rollbacks: 0 } }));
  const scrape = parseExposition(await gateway.scrape());
  expect(
    find(scrape, 'dataops_action_duration_seconds', group)
      .map((s) => s.labels.phase)
      .sort(),
  ).toEqual(['plan', 'total']);
  expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(2);
  expect(value(scrape, 'dataops_deploy_with_rollback_rollbacks_total', group)).toBe(1);
  expect(value(scrape, 'dataops_deploy_with_rollback_probe_failures_total', group)).toBe(3);
});

test('groups of other workflows and actions are independent', async () => {
  await pushMetrics(gateway.url, record([['deploy', 100]]));
  await pushMetrics(gateway.url, record([['deploy', 100]], { workflow: 'Deploy / staging' }));
  await pushMetrics(gateway.url, record([['scan', 100]], { action: 'run-data-tests', counters: { tests_failed: 4 } }));
  const scrape = parseExposition(await gateway.scrape());
  expect(
    find(scrape, 'dataops_action_runs_total', { outcome: 'success' })
      .map((s) => [s.labels.workflow, s.labels.action, s.value])
      .sort(),
  ).toEqual([
    ['Deploy / production', 'deploy-with-rollback', 1],
    ['Deploy / production', 'run-data-tests', 1],
    ['Deploy / staging', 'deploy-with-rollback', 1],
  ]);
  expect(value(scrape, 'dataops_run_data_tests_tests_failed_total', { action: 'run-data-tests' })).toBe(4);
});

test('any repository, workflow and phase names: the server accepts the push and the labels come back intact', async () => {
  const label = fc.string({ minLength: 1, maxLength: 20 });
  await fc.assert(
    fc.asyncProperty(label, label, fc.uniqueArray(label, { minLength: 1, maxLength: 4 }), async (repository, workflow, phaseNames) => {
      const phases = phaseNames.filter((p) => p !== 'total').map((p, i): [string, number] => [p, 10 * (i + 1)]);
      const result = await pushMetrics(gateway.url, record(phases, { repository, workflow }));
      expect(result.error).toBeUndefined();
      const scrape = parseExposition(await gateway.scrape());
      const labels = { repository, workflow, action: 'deploy-with-rollback' };
      for (const [phase, ms] of phases) expect(value(scrape, 'dataops_action_duration_seconds', { ...labels, phase })).toBeCloseTo(ms / 1000, 9);
    }),
    { numRuns: 25 },
  );
});
