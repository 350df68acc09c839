/**
 * The Deployments client against the fake GitHub API (every request validated against GitHub's
 * OpenAPI description): request bodies, newest-first pagination past one page, the last
 * deployment whose LATEST status is success, inactivation of all earlier active ones, the lock.
 */
import { jest } from '@jest/globals';
import { startFakeGitHubApi, expectNoViolations, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { githubClient } from '../../../shared/src/github.js';
import { EnvironmentDeployments, shortDescription } from '../../../shared/src/deploy/deployments.js';

const OWNER = 'octo-org';
const REPO = 'data-platform';
const sha = (n: number) => n.toString(16).padStart(40, 'a');

let api: FakeGitHubApi;
let envBefore: string | undefined;

beforeAll(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

beforeEach(async () => {
  api = await startFakeGitHubApi();
  envBefore = process.env.GITHUB_API_URL;
  process.env.GITHUB_API_URL = api.url;
});

afterEach(async () => {
  expectNoViolations(api);
  await api.close();
  process.env.GITHUB_API_URL = envBefore;
});

function client(environment = 'production') {
  return new EnvironmentDeployments(githubClient('ghs_unitTestToken0000000000000000000'), { owner: OWNER, repo: REPO }, environment);
}

/** Seeds a deployment with statuses (oldest first) straight into the fake's state. */
function seed(n: number, states: Array<'success' | 'failure' | 'inactive' | 'in_progress' | 'error'>, environment = 'production') {
  api.state.seedCommit(OWNER, REPO, sha(n));
  const d = api.state.seedDeployment(OWNER, REPO, { sha: sha(n), ref: sha(n), environment });
  const repo = api.state.repo(OWNER, REPO);
  for (const state of states) api.state.addDeploymentStatus(repo, d, { state, autoInactive: false });
  return d;
}

test('create sends the SHA as ref, no auto-merge, no required contexts, the payload; statuses carry log and environment URLs', async () => {
  api.state.seedCommit(OWNER, REPO, sha(1));
  const deployments = client();
  const created = await deployments.create({
    sha: sha(1),
    task: 'deploy',
    description: 'Deploy 1',
    payload: { action: 'deploy-with-rollback', planDigest: 'd' },
  });
  await deployments.setStatus(created.id, 'in_progress', { description: 'x'.repeat(300), logUrl: 'https://github.com/o/r/actions/runs/1' });
  await deployments.setStatus(created.id, 'success', { environmentUrl: 'https://prod.example.test', logUrl: 'https://github.com/o/r/actions/runs/1' });
  const [create] = api.requestsFor('repos/create-deployment');
  expect(create.body).toEqual({
    ref: sha(1),
    task: 'deploy',
    environment: 'production',
    description: 'Deploy 1',
    payload: { action: 'deploy-with-rollback', planDigest: 'd', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    auto_merge: false,
    required_contexts: [],
    transient_environment: false,
  });
  const statuses = api.requestsFor('repos/create-deployment-status').map((r) => r.body as Record<string, unknown>);
  expect(statuses[0]).toMatchObject({ state: 'in_progress', log_url: 'https://github.com/o/r/actions/runs/1' });
  expect((statuses[0].description as string).length).toBe(140);
  expect(statuses[1]).toMatchObject({ state: 'success', environment_url: 'https://prod.example.test', auto_inactive: false });
  expect(api.state.deployments(OWNER, REPO)[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
  expect(created).toMatchObject({ sha: sha(1), environment: 'production', payload: { planDigest: 'd' } });
});

describe('creating is never blindly retried: an unknown outcome is looked up by the payload requestId', () => {
  test.each([
    ['truncated', 'the answer cut off after GitHub created it'],
    ['invalid-json', 'an unreadable answer after GitHub created it'],
    ['reset', 'a dropped connection'],
  ] as const)('%s (%s): exactly one deployment, and it is the one returned', async (kind, _why) => {
    api.state.seedCommit(OWNER, REPO, sha(1));
    const fault = api.faults.add({ kind, pathPattern: 'repos/create-deployment' });
    const created = await client().create({ sha: sha(1), task: 'deploy', description: '', payload: {} });
    expect(fault.applied).toHaveLength(1);
    const all = api.state.deployments(OWNER, REPO);
    expect(all).toHaveLength(1);
    expect(created.id).toBe(all[0].id);
    expect(api.requestsFor('repos/list-deployments').map((r) => r.query)).toEqual([{ sha: sha(1), environment: 'production', per_page: '100' }]);
  });

  test('a 502 before anything was created: looked up, not found, created once on the retry', async () => {
    api.state.seedCommit(OWNER, REPO, sha(1));
    api.faults.add({ kind: 'status', status: 502, pathPattern: 'repos/create-deployment' });
    const created = await client().create({ sha: sha(1), task: 'deploy', description: '', payload: {} });
    expect(api.requestsFor('repos/create-deployment').map((r) => r.status)).toEqual([502, 201]);
    expect(api.state.deployments(OWNER, REPO).map((d) => d.id)).toEqual([created.id]);
  });

  test('a refusal (422: no such ref) is not retried', async () => {
    await expect(client().create({ sha: sha(99), task: 'deploy', description: '', payload: {} })).rejects.toThrow(/create a deployment of aaaaaaa.*HTTP 422/);
    expect(api.requestsFor('repos/create-deployment')).toHaveLength(1);
    expect(api.requestsFor('repos/list-deployments')).toHaveLength(0);
  });
});

test('the last good deployment is found newest first across pages, by LATEST status, never from another environment', async () => {
  const good = seed(1, ['in_progress', 'success']);
  seed(2, ['success'], 'staging');
  for (let n = 3; n < 140; n++) seed(n, ['in_progress', 'failure']);
  seed(140, ['success', 'inactive']);
  const current = seed(141, ['in_progress']);
  const result = await client().findLastSuccessful({ beforeId: current.id, skipSha: sha(141) });
  expect(result.found).toMatchObject({ id: good.id, sha: sha(1) });
  expect(result.examined).toBe(139);
  const lists = api.requestsFor('repos/list-deployments');
  expect(lists.length).toBe(2);
  expect(lists.every((r) => r.query.environment === 'production' && r.query.per_page === '100')).toBe(true);
});

test('a successful deployment of the failing SHA itself is passed over', async () => {
  const good = seed(1, ['success']);
  seed(2, ['success']);
  const current = seed(2, ['in_progress']);
  const result = await client().findLastSuccessful({ beforeId: current.id, skipSha: sha(2) });
  expect(result).toMatchObject({ found: { id: good.id }, skippedSameSha: 1 });
});

test('nothing to roll back to', async () => {
  seed(1, ['failure']);
  const current = seed(2, ['in_progress']);
  expect((await client().findLastSuccessful({ beforeId: current.id })).found).toBeUndefined();
});

test('every earlier active deployment is marked inactive, across pages; later ones and other environments are left alone', async () => {
  const active = [seed(1, ['success']), seed(2, ['success'])];
  for (let n = 3; n < 110; n++) seed(n, ['failure']);
  active.push(seed(110, ['success']));
  const staging = seed(111, ['success'], 'staging');
  const current = seed(112, ['success']);
  const later = seed(113, ['success']);
  const marked = await client().markEarlierInactive(current.id, { description: `Superseded by deployment ${current.id}` });
  expect(marked.sort()).toEqual(active.map((d) => d.id).sort());
  for (const d of active) expect(d.statuses.at(-1)).toMatchObject({ state: 'inactive', description: `Superseded by deployment ${current.id}` });
  expect(staging.statuses.at(-1)!.state).toBe('success');
  expect(later.statuses.at(-1)!.state).toBe('success');
  expect(current.statuses.at(-1)!.state).toBe('success');
});

test('the lock: a young running deployment holds it; an old one is stale; finished ones do not count', async () => {
  const deployments = client();
  seed(1, ['success']);
  expect(await deployments.findRunning(30 * 60_000)).toEqual({});
  const running = seed(2, ['in_progress']);
  expect((await deployments.findRunning(30 * 60_000)).running).toMatchObject({ deployment: { id: running.id }, state: 'in_progress' });
  running.createdAt = new Date(Date.now() - 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const found = await deployments.findRunning(30 * 60_000);
  expect(found.running).toBeUndefined();
  expect(found.stale).toMatchObject({ deployment: { id: running.id } });
  const queued = seed(3, []);
  expect((await deployments.findRunning(30 * 60_000)).running).toMatchObject({ deployment: { id: queued.id }, state: 'pending' });
});

test("the deployment GitHub opens for this run's own job (environment:) does not hold the lock", async () => {
  const runUrl = `https://github.com/${OWNER}/${REPO}/actions/runs/4242`;
  api.state.seedCommit(OWNER, REPO, sha(1));
  const jobDeployment = api.state.seedDeployment(OWNER, REPO, { sha: sha(1), ref: 'main', environment: 'production' });
  api.state.addDeploymentStatus(api.state.repo(OWNER, REPO), jobDeployment, { state: 'in_progress', logUrl: `${runUrl}/job/77` });
  expect(await client().findRunning(30 * 60_000, { ownRunUrl: runUrl })).toEqual({});
  expect((await client().findRunning(30 * 60_000, { ownRunUrl: `https://github.com/${OWNER}/${REPO}/actions/runs/4243` })).running).toMatchObject({
    deployment: { id: jobDeployment.id },
  });
});

test('a token without deployments permission gets a message naming it', async () => {
  api.state.setTokenPermissions('ghs_readOnly00000000000000000000000000', { contents: 'read' });
  api.state.seedCommit(OWNER, REPO, sha(1));
  const deployments = new EnvironmentDeployments(githubClient('ghs_readOnly00000000000000000000000000'), { owner: OWNER, repo: REPO }, 'production');
  await expect(deployments.create({ sha: sha(1), task: 'deploy', description: '', payload: {} })).rejects.toThrow(
    /GitHub refused to create a deployment of aaaaaaa/,
  );
});

test('shortDescription keeps one line within GitHub’s 140 characters', () => {
  expect(shortDescription('a\nb')).toBe('a b');
  expect(shortDescription('y'.repeat(200))).toHaveLength(140);
});
