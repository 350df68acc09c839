/**
 * docs/metrics.md lists every metric with its labels: each metric the Pushgateway exporter emits,
 * and each counter and phase name the actions record (found in the sources), with the
 * per-action metric name the counter becomes.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CoreMetric, counterMetricName } from '#shared/pushgateway.js';
import { repoRoot } from '../../harness/paths.js';

const docs = readFileSync(path.join(repoRoot, 'docs', 'metrics.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' ? [] : sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const code = [...sources(path.join(repoRoot, 'shared', 'src')), ...sources(path.join(repoRoot, 'actions'))]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
const actions = readdirSync(path.join(repoRoot, 'actions')).filter((name) => statSync(path.join(repoRoot, 'actions', name)).isDirectory());
const literals = (re: RegExp) => [...new Set([...code.matchAll(re)].map((m) => m[1]))].sort();

test('every metric the exporter emits is documented with its labels', () => {
  const labels: Record<string, string> = {
    [CoreMetric.Runs]: 'outcome',
    [CoreMetric.Duration]: 'phase',
    [CoreMetric.LastRunCount]: 'counter',
    [CoreMetric.Info]: 'version',
  };
  for (const name of Object.values(CoreMetric)) {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${name}\``));
    expect([name, row !== undefined]).toEqual([name, true]);
    if (labels[name]) expect(row).toContain(`\`${labels[name]}\``);
  }
  for (const label of ['job', 'repository', 'workflow', 'action', 'instance']) expect(docs).toContain(`| \`${label}\``);
});

test('every counter an action records is documented, with the metric it becomes', () => {
  const counters = literals(/\.count\(\s*'([a-z0-9_]+)'/g);
  expect(counters.length).toBeGreaterThan(0);
  for (const counter of counters) {
    expect([counter, docs.includes(`| \`${counter}\``)]).toEqual([counter, true]);
    const documentedFor = actions.filter((action) => docs.includes(`\`${counterMetricName(action, counter)}\``));
    expect([counter, documentedFor.length > 0]).toEqual([counter, true]);
  }
});

test('every phase name an action records is documented', () => {
  const phases = literals(/\bmetrics\.phase\(\s*'([a-z0-9_-]+)'/g);
  expect(phases.length).toBeGreaterThan(0);
  for (const phase of phases) expect([phase, docs.includes(`\`${phase}\``)]).toEqual([phase, true]);
});

test('every action has its own section', () => {
  for (const action of actions) expect([action, docs.includes(`#### ${action}`)]).toEqual([action, true]);
});
