/**
 * Every action.yml and every workflow in the repository (this repository's CI and the starter
 * workflows users copy) passes GitHub's language service and actionlint; the checks themselves
 * are shown to catch unknown and missing inputs of our local actions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import YAML from 'yaml';
import path from 'node:path';
import { repoRoot } from '../harness/paths.js';
import { actionlintFindings, languageServiceFindings } from './workflow-lint.js';

const ymlIn = (dir: string) =>
  existsSync(path.join(repoRoot, dir))
    ? readdirSync(path.join(repoRoot, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(dir, f))
    : [];

const actionFiles = [
  'action-template/action.yml',
  ...readdirSync(path.join(repoRoot, 'actions'))
    .map((d) => path.join('actions', d, 'action.yml'))
    .filter((f) => existsSync(path.join(repoRoot, f))),
];
const workflowFiles = [...ymlIn('.github/workflows'), ...ymlIn('workflows')];

describe('action manifests', () => {
  test.each(actionFiles)('%s is a valid action.yml', async (file) => {
    expect(await languageServiceFindings(path.join(repoRoot, file))).toEqual([]);
  });

  test.each(actionFiles)('%s follows the repository conventions', (file) => {
    const action = YAML.parse(readFileSync(path.join(repoRoot, file), 'utf8'));
    const name = path.basename(path.dirname(file));
    const distPrefix = name === 'action-template' ? '../dist' : '../../dist';
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe(`${distPrefix}/${name}/index.js`);
    expect(existsSync(path.resolve(repoRoot, path.dirname(file), action.runs.main))).toBe(true);
    expect(action.outputs.metrics).toBeDefined();
    expect(action.inputs['metrics-pushgateway-url']).toMatchObject({ required: false, default: '' });
    for (const [input, spec] of Object.entries<{ description?: string }>(action.inputs)) expect([input, spec.description?.length ?? 0]).not.toEqual([input, 0]);
  });

  test('an invalid manifest is reported', async () => {
    const text = 'name: x\ndescription: y\nruns:\n  using: node99\n  main: index.js\n';
    expect(await languageServiceFindings(path.join(repoRoot, 'action-template', 'action.yml'), text)).not.toEqual([]);
  });
});

describe('workflows', () => {
  test('there are workflows to check', () => {
    expect(workflowFiles.length).toBeGreaterThan(0);
  });
  test.each(workflowFiles)('%s passes the language service', async (file) => {
    expect(await languageServiceFindings(path.join(repoRoot, file))).toEqual([]);
  });
  test.each(workflowFiles)('%s passes actionlint', async (file) => {
    expect(await actionlintFindings(path.join(repoRoot, file))).toEqual([]);
  });
});

describe('the checks catch mistakes', () => {
  const workflow = (withBlock: string) => `on: push
permissions: {}
jobs:
  demo:
    runs-on: ubuntu-latest
    steps:
      - uses: ./action-template
${withBlock}
`;
  const file = path.join(repoRoot, '.github', 'workflows', 'probe.yml');

  test('an unknown input of a local action is an error', async () => {
    const findings = await languageServiceFindings(file, workflow('        with:\n          who: x\n          colour: red'));
    expect(findings.map((f) => f.message)).toContain("Invalid action input 'colour'");
  });

  test('a missing required input of a local action is an error', async () => {
    const findings = await languageServiceFindings(file, workflow('        with:\n          greeting: hi'));
    expect(findings.map((f) => f.message)).toContain('Missing required input `who`');
  });

  test('a well-formed step has no findings', async () => {
    expect(await languageServiceFindings(file, workflow('        with:\n          who: x'))).toEqual([]);
  });

  test('actionlint reports an undefined step output', async () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ steps.nope.outputs.x }}"
`;
    expect((await actionlintFindings(file, text)).length).toBeGreaterThan(0);
  });
});
