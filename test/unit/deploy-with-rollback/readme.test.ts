/**
 * The README's workflows are real: each passes GitHub's workflow language service (with this
 * action's inputs checked against its action.yml) and actionlint, and each deploys under a
 * `concurrency` group per environment that never cancels a running deploy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../../harness/paths.js';
import { actionlintFindings, languageServiceFindings } from '../../static/workflow-lint.js';

const readme = readFileSync(path.join(repoRoot, 'actions', 'deploy-with-rollback', 'README.md'), 'utf8');
const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((text) => /^on:/m.test(text));
const file = path.join(repoRoot, '.github', 'workflows', 'readme-deploy-with-rollback.yml');

test('the README has the workflow examples', () => {
  expect(workflows.length).toBeGreaterThanOrEqual(2);
});

test.each(workflows.map((w, i) => [i + 1, w]))('workflow %i passes the language service and actionlint', async (_n, text) => {
  expect(await languageServiceFindings(file, text)).toEqual([]);
  expect(await actionlintFindings(file, text)).toEqual([]);
});

test.each(workflows.map((w, i) => [i + 1, w]))('workflow %i deploys under a per-environment concurrency group without cancelling', (_n, text) => {
  const workflow = YAML.parse(text);
  const deploying = Object.values<any>(workflow.jobs).filter((job) => job.steps.some((s: { uses?: string }) => s.uses?.includes('/deploy-with-rollback@')));
  expect(deploying.length).toBeGreaterThan(0);
  for (const job of deploying) {
    expect(job.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect(job.concurrency.group).toMatch(/^deploy-/);
    const env = typeof job.environment === 'string' ? job.environment : job.environment?.name;
    expect(job.concurrency.group).toBe(`deploy-${env}`);
  }
});

test('a mistake in an example would be caught (unknown input)', async () => {
  const broken = workflows[0].replace('observe-for: 5m', 'observe-for: 5m\n          bake-time: 5m');
  expect((await languageServiceFindings(file, broken)).map((f) => f.message)).toContain("Invalid action input 'bake-time'");
});
