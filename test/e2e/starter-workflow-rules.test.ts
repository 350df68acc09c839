/**
 * The rules every starter workflow in workflows/ follows (the static lint in test/static checks
 * the schema, our actions' inputs and actionlint's rules): GitHub's workflow-template layout, every
 * third-party action pinned to a full commit SHA with its version as a comment, our own actions
 * referenced the way a copy uses them, least-privilege tokens, and no untrusted event text
 * expanded into a script.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../harness/paths.js';
import { loadWorkflow } from './executor/workflow-file.js';
import { resolveUses } from './executor/uses.js';

const dir = path.join(repoRoot, 'workflows');
const workflows = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yml')) : [];
const text = (file: string) => readFileSync(path.join(dir, file), 'utf8');
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { permissions?: unknown; steps?: Step[] };
const parsed = (file: string) => YAML.parse(text(file)) as { on: Record<string, unknown>; permissions?: unknown; jobs: Record<string, Job> };
const steps = (file: string) => Object.values(parsed(file).jobs).flatMap((j) => j.steps ?? []);

test('the four starter workflows are there, each with its metadata', () => {
  expect(workflows.sort()).toEqual(['data-quality.yml', 'drift-detection.yml', 'terraform-deploy.yml', 'terraform-pr.yml']);
  expect(readdirSync(dir).sort()).toEqual(workflows.flatMap((f) => [f.replace(/\.yml$/, '.properties.json'), f]).sort());
});

describe.each(workflows)('%s', (file) => {
  test('has a properties.json with name, description, iconName, categories and filePatterns', () => {
    const props = JSON.parse(readFileSync(path.join(dir, file.replace(/\.yml$/, '.properties.json')), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(props).sort()).toEqual(['categories', 'description', 'filePatterns', 'iconName', 'name']);
    expect(typeof props.name).toBe('string');
    expect(String(props.description).length).toBeGreaterThan(20);
    expect(props.iconName).toMatch(/^octicon [a-z-]+$/);
    expect((props.categories as string[]).length).toBeGreaterThan(0);
    for (const pattern of props.filePatterns as string[]) expect(() => new RegExp(pattern)).not.toThrow();
  });

  test('is explained at its top in a few comment lines', () => {
    const head = text(file).split('\n').slice(0, 3);
    expect(head.every((l) => l.startsWith('# '))).toBe(true);
  });

  test('parses with GitHub’s workflow parser', async () => {
    await expect(loadWorkflow(path.join(dir, file))).resolves.toMatchObject({ jobs: expect.any(Array) });
  });

  test('pins every third-party action to a full commit SHA with a version comment; references our actions as a copy would', () => {
    const lines = text(file)
      .split('\n')
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const uses = line.replace(/^\s*(-\s+)?uses:\s*/, '').replace(/\s+#.*$/, '');
      const target = resolveUses(uses);
      if (target.kind === 'local') expect(uses).toMatch(/^dataops-actions\/dataops-actions\/actions\/[a-z-]+@v1$/);
      else expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  test('grants least privilege: nothing at the workflow level, each job only what it uses', () => {
    const wf = parsed(file);
    expect(wf.permissions).toEqual({});
    for (const [id, job] of Object.entries(wf.jobs)) {
      expect([id, typeof job.permissions]).toEqual([id, 'object']);
      const grants = job.permissions as Record<string, string>;
      expect(grants.contents).toBe('read');
      const writes = Object.entries(grants).filter(([, level]) => level === 'write');
      // Every write grant is explained by a comment on its line.
      for (const [scope] of writes) expect(text(file)).toMatch(new RegExp(`${scope}: write # \\S`));
    }
  });

  test('never uses pull_request_target and never expands event text (or any github.event) inside run:', () => {
    expect(Object.keys(parsed(file).on)).not.toContain('pull_request_target');
    for (const step of steps(file)) if (step.run) expect(step.run).not.toMatch(/\$\{\{[^}]*github\.event/);
  });

  test('passes a token only to steps that talk to GitHub, and never persists checkout credentials', () => {
    for (const step of steps(file)) {
      if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
      for (const value of [...Object.values(step.with ?? {}), ...Object.values(step.env ?? {})]) expect(String(value)).not.toMatch(/secrets\.GITHUB_TOKEN/);
    }
  });
});
