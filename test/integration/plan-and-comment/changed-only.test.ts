/**
 * changed-only from the bundle: only the root modules whose files, or whose local modules' files,
 * changed between the pull request's base and head are planned — from git when the checkout has
 * both commits, from the pull request's file list otherwise.
 */
import path from 'node:path';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { DEFAULT_REPO, pullRequestEvent } from '../../harness/events.js';
import { createWorkspace, gitHistory, invocations, plan, type Workspace } from './helpers.js';

const { owner, repo } = DEFAULT_REPO;

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi();
});
afterEach(async () => {
  expectNoViolations(api);
  await api.close();
});

function layout(): Workspace {
  return createWorkspace([
    { dir: 'envs/prod', scenario: 'update-in-place', files: { 'main.tf': 'module "lake" {\n  source = "../../modules/lake"\n}\n' } },
    { dir: 'envs/dev', scenario: 'creates-only', files: { 'main.tf': 'module "lake" {\n  source = "../../modules/lake"\n}\n' } },
    {
      dir: 'envs/stats',
      scenario: 'no-changes',
      files: { 'main.tf': '# module "lake" { source = "../../modules/lake" } (commented out)\nresource "null_resource" "x" {}\n' },
    },
    { dir: 'modules/lake', scenario: 'no-changes', files: { 'main.tf': 'module "bucket" {\n  source = "../bucket"\n}\n' } },
    { dir: 'modules/bucket', scenario: 'no-changes', files: { 'variables.tf': 'variable "name" {}\n' } },
  ]);
}

const plannedDirs = (ws: Workspace) =>
  invocations(ws)
    .filter((i) => i.argv[0] === 'plan')
    .map((i) => path.relative(ws.dirs.workspace, i.cwd))
    .sort();

test('git: a change two local modules deep plans exactly the roots that use it', async () => {
  const ws = layout();
  const { base, head } = gitHistory(ws, { 'modules/bucket/variables.tf': 'variable "name" {\n  default = "x"\n}\n' });
  api.state.seedPullRequest(owner, repo, { number: 5, headSha: head, baseSha: base });
  const result = await plan(
    ws,
    { 'working-directories': 'envs/*', 'changed-only': 'true' },
    { githubApiUrl: api.url, event: pullRequestEvent({ number: 5, headSha: head, baseSha: base }) },
  );
  expect(result.errors).toEqual([]);
  expect(plannedDirs(ws)).toEqual(['envs/dev', 'envs/prod']);
  expect(result.log).toMatch(/changed-only \(1 changed files, via git\): planning envs\/dev, envs\/prod; not planning envs\/stats/);
  const body = api.state.comments(owner, repo, 5)[0].body;
  expect(body).toContain('Not planned (changed-only: nothing they use changed): `envs/stats`');
  expect(body).toContain(`Planned at commit [\`${head.slice(0, 12)}\`]`); // the checkout's HEAD
  expect(api.requestsFor('pulls/list-files')).toEqual([]);
  expect(JSON.parse(result.outputs['plan-digests'])).toEqual({ 'envs/dev': expect.any(String), 'envs/prod': expect.any(String) });
});

test('git: a change inside one root plans only that root; a README change plans nothing', async () => {
  const ws = layout();
  const { base, head } = gitHistory(ws, { 'envs/stats/outputs.tf': 'output "x" { value = 1 }\n', 'README.md': 'docs\n' });
  api.state.seedPullRequest(owner, repo, { number: 6, headSha: head, baseSha: base });
  const result = await plan(
    ws,
    { 'working-directories': 'envs/*', 'changed-only': 'true' },
    { githubApiUrl: api.url, event: pullRequestEvent({ number: 6, headSha: head, baseSha: base }) },
  );
  expect(result.exitCode).toBe(0);
  expect(plannedDirs(ws)).toEqual(['envs/stats']);
});

test('without the commits locally (a shallow checkout), the pull request file list is used, renames included', async () => {
  const ws = layout();
  api.state.seedPullRequest(owner, repo, {
    number: 8,
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    files: [
      { filename: 'docs/notes.md', status: 'added' },
      { filename: 'envs/stats/renamed.tf', previous_filename: 'envs/prod/old.tf', status: 'renamed' },
    ],
  });
  const result = await plan(ws, { 'working-directories': 'envs/*', 'changed-only': 'true' }, { githubApiUrl: api.url, event: pullRequestEvent({ number: 8 }) });
  expect(result.errors).toEqual([]);
  expect(api.requestsFor('pulls/list-files')).toHaveLength(1);
  expect(plannedDirs(ws)).toEqual(['envs/prod', 'envs/stats']);
  expect(result.log).toContain('via api');
});
