/**
 * The monitoring as code: observability/alerts.yml through promtool (`check rules`, and
 * `test rules` with scenarios that must and must not fire), and observability/grafana-dashboard.json
 * against a schema of Grafana's dashboard model, with a sound layout, defined variables, PromQL
 * that promtool parses, and only metrics the actions produce (docs/metrics.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { CoreMetric } from '#shared/pushgateway.js';
import { repoRoot } from '../../harness/paths.js';
import { INSTALL_TIMEOUT_MS, ensureDebianBinary } from '../../services/debian-package.js';

const RULES = path.join(repoRoot, 'observability', 'alerts.yml');
const RULE_TESTS = path.join(repoRoot, 'test', 'fixtures', 'metrics', 'alerts.promtool.yml');
const DASHBOARD = path.join(repoRoot, 'observability', 'grafana-dashboard.json');
const docs = readFileSync(path.join(repoRoot, 'docs', 'metrics.md'), 'utf8');

let promtool: string;
beforeAll(async () => {
  // promtool comes with the Debian `prometheus` package.
  promtool = await ensureDebianBinary({ package: 'prometheus', binary: '/usr/bin/promtool' });
}, INSTALL_TIMEOUT_MS);

function runPromtool(args: string[]) {
  const result = spawnSync(promtool, args, { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'observability-'));

/** Metric names a PromQL expression refers to (identifiers followed by a selector, range or operator). */
function metricNames(expr: string): string[] {
  const names = expr.match(/\bdataops_[a-z0-9_]+\b/g) ?? [];
  return [...new Set(names)];
}

function isProducedMetric(name: string): boolean {
  if ((Object.values(CoreMetric) as string[]).includes(name)) return true;
  // Per-action counters: documented one by one in docs/metrics.md.
  return /^dataops_[a-z0-9_]+_total$/.test(name) && docs.includes(`\`${name}\``);
}

describe('Prometheus alerting rules', () => {
  test('promtool check rules accepts observability/alerts.yml', () => {
    const { code, output } = runPromtool(['check', 'rules', RULES]);
    expect(output).toContain('SUCCESS: 4 rules found');
    expect(code).toBe(0);
  });

  test('promtool check rules rejects a broken copy (the check can fail)', () => {
    const broken = path.join(scratch(), 'alerts.yml');
    writeFileSync(
      broken,
      readFileSync(RULES, 'utf8').replace(
        'dataops_action_consecutive_failures{action="run-data-tests"} >= 3',
        'dataops_action_consecutive_failures{action="run-data-tests" >= 3',
      ),
    );
    const { code, output } = runPromtool(['check', 'rules', broken]);
    expect(code).not.toBe(0);
    expect(output).toMatch(/FAILED|parse error/);
  });

  test('promtool test rules: each alert fires, and only, in its scenarios', () => {
    const { code, output } = runPromtool(['test', 'rules', RULE_TESTS]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  test('the rule scenarios would catch a wrong threshold', () => {
    const dir = scratch();
    const mutated = path.join(dir, 'alerts.yml');
    writeFileSync(mutated, readFileSync(RULES, 'utf8').replace('{action="run-data-tests"} >= 3', '{action="run-data-tests"} >= 2'));
    const tests = path.join(dir, 'tests.yml');
    writeFileSync(tests, readFileSync(RULE_TESTS, 'utf8').replace('../../../observability/alerts.yml', mutated));
    const { code, output } = runPromtool(['test', 'rules', tests]);
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: DataOpsDataTestsFailing');
  });

  test('the rules cover rollbacks, failing data tests and deploy duration, on metrics the actions produce', () => {
    const rules = YAML.parse(readFileSync(RULES, 'utf8')).groups.flatMap((g: { rules: unknown[] }) => g.rules) as Array<{
      alert: string;
      expr: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }>;
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['DataOpsDeployRolledBack', 'DataOpsDataTestsFailing', 'DataOpsDeployDurationHigh']));
    for (const rule of rules) {
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toBeTruthy();
      expect(rule.annotations.description).toBeTruthy();
      expect(docs).toContain(`\`${rule.alert}\``);
      for (const name of metricNames(rule.expr)) expect([name, isProducedMetric(name)]).toEqual([name, true]);
    }
  });
});

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  const panels = dashboard.panels as Array<{
    id: number;
    title: string;
    type: string;
    gridPos: { x: number; y: number; w: number; h: number };
    targets: Array<{ refId: string; expr: string }>;
  }>;
  const exprs = panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

  test('matches the schema of the dashboard model it relies on', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'metrics', 'grafana-dashboard.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(dashboard) ? [] : validate.errors).toEqual([]);
  });

  test('the schema check can fail', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'metrics', 'grafana-dashboard.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const broken = structuredClone(dashboard);
    broken.panels[0].gridPos.w = 30;
    delete broken.panels[1].targets[0].refId;
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual(['/panels/0/gridPos/w', '/panels/1/targets/0']);
  });

  test('panel ids and target refIds are unique; panels fit the 24-column grid without overlapping', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(new Set(p.targets.map((t) => t.refId)).size).toBe(p.targets.length);
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
    for (const [i, a] of panels.entries()) {
      for (const b of panels.slice(i + 1)) {
        const overlap =
          a.gridPos.x < b.gridPos.x + b.gridPos.w &&
          b.gridPos.x < a.gridPos.x + a.gridPos.w &&
          a.gridPos.y < b.gridPos.y + b.gridPos.h &&
          b.gridPos.y < a.gridPos.y + a.gridPos.h;
        expect([a.title, b.title, overlap]).toEqual([a.title, b.title, false]);
      }
    }
  });

  test('every variable a query uses is defined', () => {
    const defined = new Set((dashboard.templating.list as Array<{ name: string }>).map((v) => v.name));
    const texts = [...exprs.map((e) => e.expr), ...(dashboard.templating.list as Array<{ definition?: string }>).map((v) => v.definition ?? '')];
    for (const text of texts) {
      for (const [, name] of text.matchAll(/\$(?!__)([a-zA-Z_][a-zA-Z0-9_]*)/g)) expect([text, defined.has(name)]).toEqual([text, true]);
    }
    expect(defined).toEqual(new Set(['datasource', 'repository', 'workflow', 'action']));
  });

  test('every query is PromQL that promtool parses (as a recording rule, variables filled in)', () => {
    const fill = (expr: string) => expr.replace(/\$__range|\$__rate_interval|\$__interval/g, '5m').replace(/\$[a-zA-Z_]+/g, '.*');
    const rules = { groups: [{ name: 'dashboard', rules: exprs.map((e, i) => ({ record: `dashboard:query_${i}`, expr: fill(e.expr) })) }] };
    const file = path.join(scratch(), 'dashboard-queries.yml');
    writeFileSync(file, YAML.stringify(rules));
    const { code, output } = runPromtool(['check', 'rules', file]);
    expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(code).toBe(0);
  });

  test('queries use only metrics the actions produce, and show what the issue asks for', () => {
    for (const { panel, expr } of exprs) {
      const names = metricNames(expr);
      expect([panel, names.length > 0]).toEqual([panel, true]);
      for (const name of names) expect([panel, name, isProducedMetric(name)]).toEqual([panel, name, true]);
    }
    const titles = panels.map((p) => p.title).join('\n');
    expect(titles).toMatch(/run duration/i);
    expect(titles).toMatch(/failure rate/i);
    expect(titles).toMatch(/rollbacks/i);
    expect(titles).toMatch(/data tests failed/i);
  });
});
