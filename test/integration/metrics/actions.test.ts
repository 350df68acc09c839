/**
 * Every action in actions/ reports the same way, from its shipped bundle: it declares the
 * `metrics-pushgateway-url` input and the `metrics` output, and a run (here one that a bad input
 * stops early, which every action can do without a fake service) still writes the metrics output
 * and the JSON line, and pushes its series to a real Pushgateway under its own action label.
 * A successful run with phases is shown for setup-terraform against its release mirror.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readActionYaml, runAction } from '../../harness/run-action.js';
import { repoRoot } from '../../harness/paths.js';
import { INSTALL_TIMEOUT_MS } from '../../services/debian-package.js';
import { startPushgateway, type RunningPushgateway } from '../../services/pushgateway.js';
import { find, parseExposition, value } from '../../services/prometheus-text.js';

const actions = readdirSync(path.join(repoRoot, 'actions')).filter((name) => existsSync(path.join(repoRoot, 'actions', name, 'action.yml')));

interface InputSpec {
  default?: string;
  required?: boolean;
}

/** Inputs that make the action stop at input validation: a required input left out, or a boolean set to "maybe". */
function stoppingInputs(name: string): Record<string, string> {
  const inputs = (readActionYaml(name).inputs ?? {}) as Record<string, InputSpec>;
  const required = Object.entries(inputs).find(([, spec]) => spec.required && spec.default === undefined);
  if (required) return {};
  const boolean = Object.entries(inputs).find(([, spec]) => spec.default === 'true' || spec.default === 'false');
  if (!boolean) throw new Error(`${name}: no required or boolean input to make it stop early; add a case to this test`);
  return { [boolean[0]]: 'maybe' };
}

let gateway: RunningPushgateway;
beforeAll(async () => {
  gateway = await startPushgateway();
}, INSTALL_TIMEOUT_MS);
afterAll(async () => {
  await gateway?.stop();
});

test('there are actions to check', () => {
  expect(actions.length).toBeGreaterThanOrEqual(3);
});

describe.each(actions)('%s', (name) => {
  test('declares the metrics-pushgateway-url input (default empty) and the metrics output', () => {
    const yaml = readActionYaml(name) as { inputs?: Record<string, InputSpec>; outputs?: Record<string, unknown> };
    expect(yaml.inputs?.['metrics-pushgateway-url']).toMatchObject({ default: '' });
    expect(yaml.inputs?.['metrics-pushgateway-url']?.required ?? false).toBe(false);
    expect(yaml.outputs).toHaveProperty('metrics');
  });

  test('a run emits the metrics output and file, and pushes its series under its action label', async () => {
    const workflow = `metrics contract ${name}`;
    const result = await runAction(name, { inputs: { ...stoppingInputs(name), 'metrics-pushgateway-url': gateway.url }, env: { GITHUB_WORKFLOW: workflow } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].startsWith(`${name}: `)).toBe(true);
    expect(result.warnings.filter((w) => /Pushgateway/.test(w))).toEqual([]);

    const record = JSON.parse(result.outputs.metrics);
    expect(record).toMatchObject({ action: name, outcome: 'failure', repository: 'octo-org/data-platform', workflow, runId: '4242', version: 'v1' });
    const lines = readFileSync(path.join(result.dirs.temp, 'dataops-metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([record]);

    const scrape = parseExposition(await gateway.scrape());
    const group = { job: 'dataops_actions', repository: 'octo-org/data-platform', workflow, action: name };
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'failure' })).toBe(1);
    expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(0);
    expect(value(scrape, 'dataops_action_consecutive_failures', group)).toBe(1);
    expect(find(scrape, 'dataops_action_duration_seconds', { ...group, phase: 'total' })).toHaveLength(1);
  });
});

describe('a successful run with phases (setup-terraform against its release mirror)', () => {
  const available = actions.includes('setup-terraform') && existsSync(path.join(repoRoot, 'test', 'integration', 'setup-terraform', 'helpers.ts'));
  (available ? test : test.skip)('phases and counters reach the Pushgateway as documented', async () => {
    const { setup, startMirror } = await import('../setup-terraform/helpers.js');
    const mirror = await startMirror();
    try {
      const workflow = 'metrics setup-terraform success';
      const result = await setup(mirror, { 'terraform-version': '1.9.8', 'metrics-pushgateway-url': gateway.url }, { env: { GITHUB_WORKFLOW: workflow } });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      const record = JSON.parse(result.outputs.metrics);
      expect(record.outcome).toBe('success');
      const scrape = parseExposition(await gateway.scrape());
      const group = { repository: 'octo-org/data-platform', workflow, action: 'setup-terraform' };
      expect(value(scrape, 'dataops_action_runs_total', { ...group, outcome: 'success' })).toBe(1);
      const phases = find(scrape, 'dataops_action_duration_seconds', group)
        .map((s) => s.labels.phase)
        .sort();
      expect(phases).toEqual([...new Set(record.phases.map((p: { name: string }) => p.name) as string[]), 'total'].sort());
      expect(phases).toEqual(expect.arrayContaining(['download', 'verify', 'install']));
      expect(value(scrape, 'dataops_setup_terraform_download_bytes_total', group)).toBe(record.counters.download_bytes);
      expect(value(scrape, 'dataops_action_last_run_count', { ...group, counter: 'download_bytes' })).toBe(record.counters.download_bytes);
      // Each phase was a log group with its summary line.
      for (const phase of ['download', 'verify', 'install']) expect(result.log).toMatch(new RegExp(`✓ ${phase} \\(`));
      expect(result.log).toMatch(/^setup-terraform: success in /m);
    } finally {
      mirror.close();
    }
  });
});
