/**
 * deploy-with-rollback, `terraform` strategy, from the committed bundle, with the Terraform CLI
 * test double first on PATH, the OpenAPI-checking fake GitHub and the fake Actions results service
 * (artifacts for real through @actions/artifact): plan-and-comment's plan applied after its digest
 * is checked against the PR comment; a different digest and a stale plan refused; a failed
 * deploy rolled back by planning and applying the good commit's configuration in a worktree.
 */
import path from 'node:path';
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { runAction, type ActionRunOptions } from '../../harness/run-action.js';
import { pullRequestEvent, pushEvent, DEFAULT_REPO } from '../../harness/events.js';
import { startFakeGitHubApi, expectNoViolations, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { startFakeActionsResults, type FakeActionsResults } from '../../fakes/actions-results/server.js';
import { createTerraformRepo, planWithDouble, applyWithDouble, MODULE, type TerraformRepo } from './terraform-repo.js';

const { owner, repo: repoName } = DEFAULT_REPO;
const cleanups: Array<() => Promise<void>> = [];
// Every Terraform command is a process of the CLI double: allow for a busy machine.
jest.setTimeout(600_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface Setup {
  repo: TerraformRepo;
  api: FakeGitHubApi;
  results: FakeActionsResults;
}

async function setup(): Promise<Setup> {
  const repo = createTerraformRepo();
  const api = await startFakeGitHubApi();
  const results = await startFakeActionsResults();
  api.state.seedCommit(owner, repoName, repo.good);
  api.state.seedCommit(owner, repoName, repo.bad);
  cleanups.push(async () => {
    await api.close();
    await results.close();
  });
  return { repo, api, results };
}

/** A health command that fails for one SHA (the infrastructure it made is broken). */
function healthCommand(s: Setup, badSha: string): string {
  const script = path.join(s.repo.dirs.root, 'health.mjs');
  writeFileSync(script, `if (process.env.DEPLOY_SHA === ${JSON.stringify(badSha)}) { console.log('orders table missing'); process.exit(1); }\n`);
  return `${process.execPath}\n${script}`;
}

function deploy(s: Setup, inputs: Record<string, string>, options: Partial<ActionRunOptions> = {}) {
  return runAction('deploy-with-rollback', {
    // Each Terraform command is a process of the double: a loaded CI machine must not turn slow into killed.
    timeoutMs: 300_000,
    dirs: s.repo.dirs,
    eventName: 'push',
    event: pushEvent({ sha: s.repo.bad }),
    githubApiUrl: s.api.url,
    ...options,
    env: { ...s.repo.env, ...s.results.env, ...options.env },
    inputs: {
      environment: 'production',
      strategy: 'terraform',
      ref: s.repo.bad,
      'working-directory': MODULE,
      'var-files': 'prod.tfvars',
      'observe-for': '0s',
      interval: '100ms',
      'failure-threshold': '1',
      ...inputs,
    },
  });
}

const history = (api: FakeGitHubApi) =>
  api.state
    .deployments(owner, repoName)
    .reverse()
    .map((d) => [d.sha.slice(0, 7), d.statuses.map((st) => st.state)]);

test("plan-and-comment's artifact is applied once its digest matches the pull request's plan comment; the state is backed up first", async () => {
  const s = await setup();
  const event = pullRequestEvent({ number: 7, headSha: s.repo.bad, baseSha: s.repo.good });
  s.api.state.seedPullRequest(owner, repoName, { number: 7, headSha: s.repo.bad, baseSha: s.repo.good });
  const planned = await runAction('plan-and-comment', {
    timeoutMs: 300_000,
    dirs: s.repo.dirs,
    eventName: 'pull_request',
    event,
    githubApiUrl: s.api.url,
    env: { ...s.repo.env, ...s.results.env },
    inputs: { 'working-directories': MODULE, 'var-files': 'prod.tfvars', 'upload-artifacts': 'true' },
  });
  expect(planned.errors).toEqual([]);
  const digest = JSON.parse(planned.outputs['plan-digests'])[MODULE];
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(s.api.state.comments(owner, repoName, 7)[0].body).toContain(`<!-- dataops-actions:plan-digest infra-prod ${digest} -->`);

  const result = await deploy(
    s,
    { 'plan-artifact': 'terraform-plan-infra-prod', environment: 'staging', 'health-command': healthCommand(s, 'none') },
    { eventName: 'pull_request', event },
  );
  expect(result.errors).toEqual([]);
  expect(result.outputs).toMatchObject({ result: 'deployed', 'deployed-sha': s.repo.bad });
  const [deployment] = s.api.state.deployments(owner, repoName);
  expect(deployment.payload).toMatchObject({
    strategy: 'terraform',
    planDigest: digest,
    planDigestSource: 'the plan comment on pull request #7',
    terraform: { artifact: 'terraform-plan-infra-prod' },
  });
  expect(history(s.api)).toEqual([[s.repo.bad.slice(0, 7), ['in_progress', 'success']]]);

  const backup = `terraform-state-backup-staging-${deployment.id}`;
  expect(result.outputs['state-backup-artifact']).toBe(backup);
  const uploaded = s.results.artifacts.find((a) => a.name === backup)!;
  expect(Object.keys(await uploaded.files())).toEqual(['terraform.tfstate']);
  const apply = s.repo.invocations().filter((i) => i.argv[0] === 'apply');
  expect(apply).toHaveLength(1);
  expect(apply[0].cwd).toBe(s.repo.moduleDir);
  expect(apply[0].argv).toEqual([
    'apply',
    '-input=false',
    '-no-color',
    '-auto-approve',
    '-lock-timeout=120s',
    expect.stringMatching(/plan-artifact-.*\/plan\.tfplan$/),
  ]);
  expect(result.summary).toContain(`| State backup artifact | \`${backup}\` |`);
  expectNoViolations(s.api);
});

test('a plan whose digest differs from the reviewed one is refused before any deployment, backup or apply', async () => {
  const s = await setup();
  const { digest } = await planWithDouble(s.repo, path.join(s.repo.dirs.workspace, 'plans', 'prod.tfplan'));
  const reviewed = `sha256:${'0'.repeat(64)}`;
  s.api.state.seedComment(owner, repoName, 7, `<!-- dataops-actions:plan-digest infra-prod ${reviewed} -->\n### Plan`);
  const before = s.repo.invocations().length;
  const fromComment = await deploy(s, { 'plan-file': 'plans/prod.tfplan', 'pull-request': '7' });
  expect(fromComment.exitCode).toBe(1);
  expect(fromComment.errors).toEqual([
    `deploy-with-rollback: Refusing to apply: the plan's digest ${digest} differs from ${reviewed} recorded in the plan comment on pull request #7. Nothing was changed.\nThe plan is not the one that was reviewed: plan again and review the new plan.`,
  ]);
  const fromInput = await deploy(s, { 'plan-file': 'plans/prod.tfplan', 'plan-digest': `sha256:${'1'.repeat(64)}` });
  expect(fromInput.errors[0]).toMatch(/recorded in the plan-digest input/);
  expect(s.api.requestsFor('repos/create-deployment')).toHaveLength(0);
  expect(
    s.repo
      .invocations()
      .slice(before)
      .map((i) => i.argv[0]),
  ).toEqual(['init', 'show', 'init', 'show']);
  expect(s.results.artifacts).toEqual([]);
  expectNoViolations(s.api);
});

test('a stale plan: Terraform refuses it, the deployment is marked error, and nothing is rolled back since nothing changed', async () => {
  const s = await setup();
  const good = s.api.state.seedDeployment(owner, repoName, { sha: s.repo.good, ref: s.repo.good, environment: 'production' });
  s.api.state.addDeploymentStatus(s.api.state.repo(owner, repoName), good, { state: 'success' });
  const { digest } = await planWithDouble(s.repo, path.join(s.repo.dirs.workspace, 'plans', 'prod.tfplan'));
  const other = await planWithDouble(s.repo, path.join(s.repo.dirs.temp, 'other.tfplan'));
  await applyWithDouble(s.repo, other.planFile); // someone applied in between: the state moved on
  const result = await deploy(s, { 'plan-file': 'plans/prod.tfplan', 'plan-digest': digest });
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ result: 'failed', 'rolled-back-to': '', 'deployed-sha': '' });
  expect(history(s.api)).toEqual([
    [s.repo.good.slice(0, 7), ['success']],
    [s.repo.bad.slice(0, 7), ['in_progress', 'error']],
  ]);
  expect(s.api.state.deployments(owner, repoName)[0].statuses[1].description).toMatch(/^Nothing was applied: terraform reports the saved plan is stale/);
  expect(result.errors.at(-1)).toMatch(/did not change anything: terraform reports the saved plan is stale .* No rollback was needed\.$/);
  expectNoViolations(s.api);
});

test("an unhealthy apply is rolled back by planning and applying the good commit's configuration in a separate worktree", async () => {
  const s = await setup();
  const good = s.api.state.seedDeployment(owner, repoName, { sha: s.repo.good, ref: s.repo.good, environment: 'production' });
  s.api.state.addDeploymentStatus(s.api.state.repo(owner, repoName), good, { state: 'success' });
  const { digest } = await planWithDouble(s.repo, path.join(s.repo.dirs.workspace, 'plans', 'prod.tfplan'));
  writeFileSync(path.join(s.repo.dirs.workspace, 'plans', 'digest.txt'), `${digest}\n`);
  const before = s.repo.invocations().length;

  const result = await deploy(s, { 'plan-file': 'plans/prod.tfplan', 'health-command': healthCommand(s, s.repo.bad), vars: 'release_channel=stable' });
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ result: 'rolled-back', 'deployed-sha': s.repo.good, 'rolled-back-to': s.repo.good });
  const [rollback, failed] = s.api.state.deployments(owner, repoName);
  expect(history(s.api)).toEqual([
    [s.repo.good.slice(0, 7), ['success', 'inactive']],
    [s.repo.bad.slice(0, 7), ['in_progress', 'failure']],
    [s.repo.good.slice(0, 7), ['in_progress', 'success']],
  ]);
  expect(failed.payload).toMatchObject({ planDigest: digest, planDigestSource: 'digest.txt saved with the plan' });

  const calls = s.repo.invocations().slice(before);
  expect(calls.map((c) => c.argv[0])).toEqual(['init', 'show', 'state', 'apply', 'init', 'state', 'plan', 'apply']);
  const [, , , applyNew, initGood, , planGood, applyGood] = calls;
  expect(applyNew.cwd).toBe(s.repo.moduleDir);
  expect(initGood.cwd).toMatch(new RegExp(`/rollback-${s.repo.good.slice(0, 12)}-[0-9a-f]{8}/infra/prod$`));
  expect(planGood.cwd).toBe(initGood.cwd);
  expect(applyGood.cwd).toBe(initGood.cwd);
  // The good commit's own var file, and the vars input through a private file, never on the command line.
  expect(planGood.varFiles!['prod.tfvars']).toBe('app_version = "v1"\n');
  expect(Object.values(planGood.varFiles!).some((text) => text.includes('"release_channel": "stable"'))).toBe(true);
  expect(planGood.argv.join(' ')).not.toContain('release_channel');
  expect(s.repo.git('worktree', 'list').split('\n')).toHaveLength(1);

  const backups = s.results.artifacts.map((a) => a.name);
  expect(backups).toEqual([`terraform-state-backup-production-${failed.id}`, `terraform-state-backup-production-${rollback.id}`]);
  expect(result.outputs['state-backup-artifact']).toBe(`terraform-state-backup-production-${failed.id}`);
  expect(JSON.parse(result.outputs['health-checks'])).toMatchObject({ deploy: { passed: false, failures: 1 }, rollback: { passed: true } });
  expectNoViolations(s.api);
});

test('terraform inputs are validated before anything runs', async () => {
  const s = await setup();
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{}, /Exactly one of the inputs 'plan-file', 'plan-artifact' must be set: none was set/],
    [
      { 'plan-file': 'a.tfplan', 'plan-artifact': 'terraform-plan-x' },
      /Exactly one of the inputs 'plan-file', 'plan-artifact' must be set: got plan-file, plan-artifact/,
    ],
    [{ 'plan-file': 'missing.tfplan' }, /Input 'plan-file' has invalid value "missing\.tfplan": expected an existing saved plan file/],
    [{ 'plan-artifact': 'x', 'plan-digest': 'abc' }, /Input 'plan-digest' has invalid value "abc"/],
    [{ 'plan-artifact': 'x', 'deploy-command': 'make\ndeploy' }, /are for strategy: command, not terraform/],
    [{ 'plan-artifact': 'x', 'terraform-tool': 'pulumi' }, /Input 'terraform-tool' has invalid value "pulumi": expected one of terraform, opentofu, tofu/],
  ];
  const results = await Promise.all(cases.map(([inputs]) => deploy(s, inputs)));
  results.forEach((r, i) => expect(r.errors).toEqual([expect.stringMatching(cases[i][1])]));
  expect(s.api.requests).toEqual([]);
  expect(s.repo.invocations()).toEqual([]);
});
