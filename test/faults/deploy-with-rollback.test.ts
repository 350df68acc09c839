/**
 * deploy-with-rollback under faults, through the committed bundle, a REAL deployed service
 * (test/fakes/deploy-service) and the OpenAPI-checking fake GitHub API: the health endpoint
 * refusing connections, never answering, failing then recovering, failing for good, cutting its
 * answer off; the Deployments API rate limiting, failing, dropping connections and cutting
 * answers off; the alert webhook down. GitHub's deployments are counted in the fake's state: never
 * a duplicate, never one left "in progress" to lock the environment.
 */
import { createFakeService, type FakeService } from '../fakes/deploy-service/service.js';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi, type FaultSpec } from '../fakes/github-api/server.js';
import type { ActionRunResult } from '../harness/run-action.js';
import { refusedUrl, startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { checkFault, type Facts } from './support/outcome.js';
import { OWNER, REPO, V1, V2, quickDeploy, startLightTarget, type DeployTarget } from './support/runs.js';

const ACTION = 'deploy-with-rollback';
const ONE_RETRY = { DATAOPS_GITHUB_RETRIES: '1' };
const RUNNING = ['in_progress', 'queued', 'pending'];

let api: FakeGitHubApi;
let service: FakeService;
let proxy: FaultProxy | undefined;
beforeEach(async () => {
  api = await startFakeGitHubApi();
  service = await createFakeService({ [V1]: { version: 'v1' }, [V2]: { version: 'v2' } });
});
afterEach(async () => {
  await service.stop();
  await proxy?.close();
  proxy = undefined;
  expectNoViolations(api);
  await api.close();
});

const deployments = () => api.state.deployments(OWNER, REPO);

/** Deployments that never got a final status: they hold the environment's lock for lock-timeout. */
function stuck(): string[] {
  return deployments()
    .filter((d) => d.statuses.length === 0 || RUNNING.includes(d.statuses.at(-1)!.state))
    .map((d) => `deployment ${d.id} of ${d.sha.slice(0, 7)} left ${d.statuses.at(-1)?.state ?? 'without a status'}`);
}

/** More than one deployment of a SHA in one run is a duplicate (a rollback is a deployment of ANOTHER SHA). */
function duplicatesOf(sha: string, expected = 1): number {
  return Math.max(0, deployments().filter((d) => d.sha === sha).length - expected);
}

function deployedFacts(_result: ActionRunResult, sha: string, workDone: boolean): Facts {
  return { workDone, duplicates: duplicatesOf(sha), halfDone: stuck() };
}

/** The failed deploy is recorded as such in GitHub and nothing is left in progress. */
function failedFacts(sha: string, error: RegExp, expectedDeploymentsOfSha = 1): Facts {
  return { workDone: false, duplicates: duplicatesOf(sha, expectedDeploymentsOfSha), halfDone: stuck(), error };
}

/** v1 deployed and healthy, so a failing v2 has something to roll back to. */
async function withGoodV1(target: DeployTarget): Promise<void> {
  const first = await quickDeploy(api, target, { ref: V1 });
  expect(first.workDone).toBe(true);
}

describe('deploy-with-rollback: the health endpoint misbehaves', () => {
  test("one 500 from the service's health endpoint, then healthy: under the failure threshold, deployed", async () => {
    proxy = await startFaultProxy(`http://127.0.0.1:${service.port}`);
    proxy.add({ match: '/health', fault: { kind: 'status', status: 500 }, times: 1 });
    const { result, workDone } = await quickDeploy(api, service, {
      'health-url': `${proxy.url}/health`,
      'observe-for': '500ms',
      interval: '100ms',
      'failure-threshold': '2',
    });
    checkFault(
      { action: ACTION, fault: 'health: one 500, then healthy', hits: proxy.hits('status'), expected: 'succeeded' },
      result,
      deployedFacts(result, V1, workDone),
    );
    expect(JSON.parse(result.outputs['health-checks']).deploy).toMatchObject({ passed: true, failures: 1 });
  });

  test('health answering 500 after a deploy, and the alert webhook refusing connections: rolled back to v1, which really answers again; the alert failure only warns', async () => {
    await withGoodV1(service);
    proxy = await startFaultProxy(`http://127.0.0.1:${service.port}`);
    proxy.add({ match: '/health', fault: { kind: 'status', status: 500, body: '{"status":"degraded"}' }, times: 1 });
    const webhook = await refusedUrl('/services/T000/B000/secretWebhookPath');
    const { result } = await quickDeploy(api, service, { ref: V2, 'health-url': `${proxy.url}/health`, 'alert-webhook-url': webhook });
    checkFault(
      { action: ACTION, fault: 'health: 500 after the deploy', hits: proxy.hits('status'), expected: 'failed-clearly' },
      result,
      failedFacts(V2, /rolled back/i),
    );
    checkFault({ action: ACTION, fault: 'alert webhook: connection refused', hits: 1, expected: 'failed-clearly' }, result, failedFacts(V2, /rolled back/i));
    expect(result.outputs).toMatchObject({ result: 'rolled-back', 'deployed-sha': V1, 'rolled-back-to': V1 });
    expect(result.warnings.join('\n')).toMatch(/alert/i);
    expect(await service.liveVersion()).toBe('v1');
    // v1, v2, and the rollback to v1: one new deployment each, no more.
    expect(deployments().map((d) => d.sha)).toEqual([V1, V2, V1]);
  });

  describe('in front of a light deploy target', () => {
    let target: Awaited<ReturnType<typeof startLightTarget>>;
    beforeEach(async () => {
      target = await startLightTarget();
      proxy = await startFaultProxy(new URL(target.healthUrl).origin);
    });
    afterEach(() => target.close());

    test('health URL refusing connections on the first deploy: verification errors, result failed, deployment marked failed', async () => {
      const { result } = await quickDeploy(api, target, { 'health-url': await refusedUrl('/health') });
      checkFault(
        { action: ACTION, fault: 'health: connection refused', hits: 1, expected: 'failed-clearly' },
        result,
        failedFacts(V1, /could not be measured/),
      );
      expect(result.outputs.result).toBe('failed');
    });

    test('health endpoint never answering (timeout 1 s): counted as an error, rolled back to v1', async () => {
      await withGoodV1(target);
      proxy!.add({ match: '/health', fault: { kind: 'hang' }, times: 1 });
      const { result } = await quickDeploy(api, target, { ref: V2, 'health-url': `${proxy!.url}/health`, timeout: '1s' });
      checkFault(
        { action: ACTION, fault: 'health: never answers (probe timeout)', hits: proxy!.hits('hang'), expected: 'failed-clearly' },
        result,
        failedFacts(V2, /rolled back/i),
      );
      expect(result.outputs).toMatchObject({ result: 'rolled-back', 'deployed-sha': V1 });
      expect(target.deploys()).toEqual([V1, V2, V1]);
    });

    test('the health answer cut off mid-body: no verdict from half an answer, rolled back', async () => {
      await withGoodV1(target);
      proxy!.add({ match: '/health', fault: { kind: 'truncate' }, times: 1 });
      const { result } = await quickDeploy(api, target, { ref: V2, 'health-url': `${proxy!.url}/health`, 'health-body-regex': '"status":"ok"' });
      checkFault(
        { action: ACTION, fault: 'health: answer cut off', hits: proxy!.hits('truncate'), expected: 'failed-clearly' },
        result,
        failedFacts(V2, /rolled back/i),
      );
      expect(target.deploys()).toEqual([V1, V2, V1]);
    });
  });
});

describe('deploy-with-rollback: the Deployments API misbehaves', () => {
  // What runs behind the deploy does not matter here: a deploy command that only logs, a health endpoint that is always fine.
  let target: Awaited<ReturnType<typeof startLightTarget>>;
  beforeAll(async () => {
    target = await startLightTarget();
  });
  afterAll(() => target.close());

  async function deployWith(fault: FaultSpec, env: Record<string, string> = {}) {
    const armed = api.faults.add(fault);
    const run = await quickDeploy(api, target, {}, { env });
    return { ...run, hits: armed.applied.length };
  }

  test('502 on creating the deployment, then recovery: retried, exactly one deployment, deployed', async () => {
    const { result, workDone, hits } = await deployWith({ kind: 'status', status: 502, pathPattern: 'repos/create-deployment' });
    checkFault({ action: ACTION, fault: 'github: 502 on create-deployment (once)', hits, expected: 'succeeded' }, result, deployedFacts(result, V1, workDone));
  });

  test('secondary rate limit on posting a deployment status: waited, retried, statuses exactly in_progress then success', async () => {
    const { result, workDone, hits } = await deployWith({ kind: 'secondary-rate-limit', pathPattern: 'repos/create-deployment-status', retryAfter: 1 });
    checkFault(
      { action: ACTION, fault: 'github: secondary rate limit on create-deployment-status', hits, expected: 'succeeded' },
      result,
      deployedFacts(result, V1, workDone),
    );
    expect(deployments()[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
  });

  test('connection dropped on listing deployments: retried, deployed', async () => {
    const { result, workDone, hits } = await deployWith({ kind: 'reset', pathPattern: 'repos/list-deployments' });
    checkFault(
      { action: ACTION, fault: 'github: connection reset on list-deployments', hits, expected: 'succeeded' },
      result,
      deployedFacts(result, V1, workDone),
    );
  });

  test('404 on listing deployments (the token cannot see the repository): one clear error before anything is deployed', async () => {
    const before = target.deploys().length;
    const { result, hits } = await deployWith({ kind: 'status', status: 404, pathPattern: 'repos/list-deployments', times: 10 }, ONE_RETRY);
    checkFault({ action: ACTION, fault: 'github: 404 on list-deployments', hits, expected: 'failed-clearly' }, result, failedFacts(V1, /HTTP 404/, 0));
    expect(target.deploys()).toHaveLength(before);
  });

  test('500 on every attempt to create the deployment: one clear error, nothing deployed', async () => {
    const before = target.deploys().length;
    const { result, hits } = await deployWith({ kind: 'status', status: 500, pathPattern: 'repos/create-deployment', times: 10 }, ONE_RETRY);
    checkFault(
      { action: ACTION, fault: 'github: 500 on every create-deployment', hits, expected: 'failed-clearly' },
      result,
      failedFacts(V1, /create a deployment of 1111111.*HTTP 500/, 0),
    );
    expect(target.deploys()).toHaveLength(before);
  });

  test('the answer to creating the deployment cut off (it WAS created): no duplicate, nothing left in progress to lock the environment', async () => {
    const { result, workDone, hits } = await deployWith({ kind: 'truncated', pathPattern: 'repos/create-deployment' });
    checkFault(
      { action: ACTION, fault: 'github: create-deployment answer cut off', hits, expected: ['succeeded', 'failed-clearly'] },
      result,
      result.exitCode === 0 ? deployedFacts(result, V1, workDone) : failedFacts(V1, /create a deployment/),
    );
  });

  test('the answer to creating the deployment not JSON (it WAS created): no duplicate, nothing left in progress', async () => {
    const { result, workDone, hits } = await deployWith({ kind: 'invalid-json', pathPattern: 'repos/create-deployment' });
    checkFault(
      { action: ACTION, fault: 'github: create-deployment answer not JSON', hits, expected: ['succeeded', 'failed-clearly'] },
      result,
      result.exitCode === 0 ? deployedFacts(result, V1, workDone) : failedFacts(V1, /create a deployment/),
    );
  });
});
