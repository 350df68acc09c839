/**
 * Keeps the Terraform CLI test double honest: its plans use only fields of Terraform's documented
 * JSON output format (and, when the reference plans are there, field names real Terraform wrote),
 * its committed scenarios match their builder, and its CLI behaves like Terraform's on the paths
 * the actions do not take happily (no init, unknown flags, missing workspaces).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { summarizePlanText } from '#shared/terraform/plan-json.js';
import { repoRoot } from '../../harness/paths.js';
import { buildPlan, generatedSpec } from '../../fixtures/terraform-double/plan-builder.mjs';

const run = promisify(execFile);
const doubleDir = path.join(repoRoot, 'test', 'fixtures', 'terraform-double');
const scenariosDir = path.join(doubleDir, 'scenarios');
const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'terraform-plans');
const committed = readdirSync(scenariosDir).filter((n) => existsSync(path.join(scenariosDir, n, 'plan.json')));
const planOf = (name: string) => JSON.parse(readFileSync(path.join(scenariosDir, name, 'plan.json'), 'utf8'));

// Field names of Terraform's internal/command/jsonplan (plan, ResourceChange, Change) at format 1.2.
const DOCUMENTED = {
  top: [
    'format_version',
    'terraform_version',
    'variables',
    'planned_values',
    'resource_drift',
    'resource_changes',
    'deferred_changes',
    'deferred_action_invocations',
    'output_changes',
    'action_invocations',
    'prior_state',
    'configuration',
    'relevant_attributes',
    'checks',
    'timestamp',
    'applyable',
    'complete',
    'errored',
  ],
  resourceChange: [
    'address',
    'previous_address',
    'module_address',
    'mode',
    'type',
    'name',
    'index',
    'index_unknown',
    'provider_name',
    'deposed',
    'change',
    'action_reason',
  ],
  change: [
    'actions',
    'before',
    'after',
    'after_unknown',
    'before_sensitive',
    'after_sensitive',
    'replace_paths',
    'importing',
    'generated_config',
    'before_identity',
    'after_identity',
  ],
  actions: ['no-op', 'create', 'read', 'update', 'delete', 'forget'],
};

function fieldsOf(plans: Array<Record<string, any>>) {
  const top = new Set<string>();
  const resourceChange = new Set<string>();
  const change = new Set<string>();
  const actions = new Set<string>();
  for (const plan of plans) {
    Object.keys(plan).forEach((k) => top.add(k));
    for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
      Object.keys(rc).forEach((k) => resourceChange.add(k));
      Object.keys(rc.change).forEach((k) => change.add(k));
      rc.change.actions.forEach((a: string) => actions.add(a));
    }
  }
  return { top, resourceChange, change, actions };
}

describe('plan JSON fidelity', () => {
  const ours = fieldsOf([...committed.map(planOf), buildPlan(generatedSpec({ count: 300 }))]);

  test('every field and action the double writes is one of the documented format', () => {
    for (const [kind, names] of Object.entries(ours)) {
      for (const name of names)
        expect(`${kind}:${name}`).toBe(`${kind}:${DOCUMENTED[kind as keyof typeof DOCUMENTED].includes(name) ? name : '(undocumented)'}`);
    }
    // …and the scenarios cover what the action must handle.
    expect([...ours.actions].sort()).toEqual(['create', 'delete', 'forget', 'no-op', 'read', 'update']);
    for (const needed of ['resource_drift', 'output_changes', 'relevant_attributes', 'checks', 'applyable', 'complete', 'errored'])
      expect(ours.top).toContain(needed);
    for (const needed of ['previous_address', 'module_address', 'action_reason', 'index']) expect(ours.resourceChange).toContain(needed);
    for (const needed of ['importing', 'replace_paths', 'before_sensitive', 'after_sensitive', 'after_unknown']) expect(ours.change).toContain(needed);
  });

  (existsSync(referenceDir) ? test : test.skip)('field names also match those real Terraform wrote (reference plans), or are documented additions', () => {
    const real = fieldsOf(
      readdirSync(referenceDir)
        .filter((f) => f.endsWith('.json') && f !== 'invalid.json')
        .map((f) => JSON.parse(readFileSync(path.join(referenceDir, f), 'utf8'))),
    );
    // What the real plans use must itself be documented (the list above is not made up)…
    for (const [kind, names] of Object.entries(real)) for (const name of names) expect(DOCUMENTED[kind as keyof typeof DOCUMENTED]).toContain(name);
    // …and what the double writes beyond them is only what the recorded versions happen not to show.
    const beyond = (kind: keyof typeof real) => [...ours[kind]].filter((n) => !real[kind].has(n)).sort();
    expect(beyond('top')).toEqual(['applyable', 'errored', 'resource_drift']);
    expect(beyond('resourceChange')).toEqual([]);
    expect(beyond('change')).toEqual(['replace_paths']);
  });

  test('the committed scenarios are what build-scenarios.mjs writes (no hand edits drift from the builder)', async () => {
    const { SCENARIOS } = await import('../../fixtures/terraform-double/scenario-specs.mjs');
    for (const [name, def] of Object.entries(SCENARIOS)) expect(planOf(name)).toEqual(buildPlan(def.spec));
  });
});

describe('the double as a CLI', () => {
  const bin = (tool = 'terraform') => path.join(doubleDir, 'bin', tool);
  function moduleDir(scenario: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tf-double-'));
    writeFileSync(path.join(dir, 'main.tf'), '');
    writeFileSync(path.join(dir, '.terraform-double-scenario'), scenario);
    return dir;
  }
  const tf = (dir: string, ...args: string[]) =>
    run(bin(), args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  test('plan before init, unknown flags and a missing workspace fail as Terraform does', async () => {
    const dir = moduleDir('creates-only');
    expect(await tf(dir, 'plan')).toMatchObject({ code: 1, stderr: expect.stringContaining('Backend initialization required') });
    expect(await tf(dir, 'plan', '-nope')).toMatchObject({ code: 1, stderr: 'flag provided but not defined: -nope\n' });
    expect(await tf(dir, 'init', '-input=false')).toMatchObject({ code: 0 });
    expect(await tf(dir, 'workspace', 'select', 'prod')).toMatchObject({ code: 1, stderr: expect.stringContaining('Workspace "prod" doesn\'t exist.') });
    expect(await tf(dir, 'workspace', 'select', '-or-create', 'prod')).toMatchObject({ code: 0 });
    expect(await tf(dir, 'workspace', 'show')).toMatchObject({ stdout: 'prod\n' });
    expect(await tf(dir, 'frobnicate')).toMatchObject({ code: 127 });
  });

  test('-detailed-exitcode: 2 with changes, 0 without it; show -json is one compact line of the scenario plan', async () => {
    const dir = moduleDir('outputs-only');
    await tf(dir, 'init');
    expect((await tf(dir, 'plan', '-out=p', '-no-color', '-detailed-exitcode')).code).toBe(2);
    expect((await tf(dir, 'plan', '-out=p', '-no-color')).code).toBe(0);
    const shown = await tf(dir, 'show', '-json', 'p');
    expect(shown.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(shown.stdout)).toEqual(planOf('outputs-only'));
    expect((await tf(dir, 'show', '-no-color', 'p')).stdout).toBe(readFileSync(path.join(scenariosDir, 'outputs-only', 'plan.txt'), 'utf8'));
    // Without -no-color, Terraform colours its output.
    expect((await tf(dir, 'init')).stdout).toContain('\u001b[1m');
  });

  test('the generated 500-resource scenario has every kind of change', async () => {
    const dir = moduleDir('mixed-500');
    await tf(dir, 'init');
    await tf(dir, 'plan', '-out=p');
    const summary = summarizePlanText((await tf(dir, 'show', '-json', 'p')).stdout);
    expect(summary.changes.length + summary.counts.noop).toBe(500);
    for (const kind of ['create', 'update', 'replace', 'delete', 'read', 'forget', 'noop'] as const) expect(summary.counts[kind]).toBeGreaterThan(0);
  });

  test('version -json has the keys both CLIs print', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tf-double-'));
    const out = JSON.parse((await run(bin('tofu'), ['version', '-json'], { cwd: dir })).stdout);
    expect(Object.keys(out).sort()).toEqual(['platform', 'provider_selections', 'terraform_outdated', 'terraform_version']);
  });
});
