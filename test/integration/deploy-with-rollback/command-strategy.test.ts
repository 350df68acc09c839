/**
 * deploy-with-rollback, `command` strategy, end to end from the committed bundle: a REAL service
 * (test/fakes/deploy-service) is deployed into a releases folder and started on 127.0.0.1 by the
 * deploy command; GitHub is the fake API that validates every request against GitHub's OpenAPI
 * description. Version 2 turns unhealthy a moment after it starts; the action must put version 1
 * back, and the service must really answer as version 1 afterwards.
 */
import http from 'node:http';
import { jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRunnerDirs, runAction, type ActionRunOptions, type ActionRunResult } from '../../harness/run-action.js';
import { repoRoot } from '../../harness/paths.js';
import { pushEvent, DEFAULT_REPO } from '../../harness/events.js';
import { startFakeGitHubApi, expectNoViolations, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { createFakeService, type FakeService, type ReleaseSpec } from '../../fakes/deploy-service/service.js';

const { owner, repo } = DEFAULT_REPO;
const V1 = '1111111111111111111111111111111111111111';
const V2 = '2222222222222222222222222222222222222222';
const ENV = 'production';

interface Setup {
  api: FakeGitHubApi;
  service: FakeService;
}
const cleanups: Array<() => Promise<void>> = [];
// Several action runs (or CLI-double processes) per test: allow for a busy CI machine.
jest.setTimeout(600_000);

async function setup(builds: Record<string, ReleaseSpec>): Promise<Setup> {
  const api = await startFakeGitHubApi();
  const service = await createFakeService(builds);
  for (const sha of Object.keys(builds)) api.state.seedCommit(owner, repo, sha);
  cleanups.push(async () => {
    await service.stop();
    await api.close();
  });
  return { api, service };
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Fast bake settings: observe 1 s, a probe every 250 ms. */
const FAST = { 'observe-for': '1s', interval: '250ms', timeout: '10s', 'failure-threshold': '2', 'error-threshold': '2' };

function deploy(s: Setup, sha: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRunResult> {
  return runAction('deploy-with-rollback', deployOptions(s, sha, inputs, env));
}

function deployOptions({ api, service }: Setup, sha: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}): ActionRunOptions {
  return {
    // A loaded CI machine must not turn a slow step into a killed one.
    timeoutMs: 300_000,
    eventName: 'push',
    event: pushEvent({ sha }),
    githubApiUrl: api.url,
    env: { ...service.env, ...env },
    inputs: {
      environment: ENV,
      ref: sha,
      'deploy-command': service.deployCommand,
      'health-url': service.healthUrl,
      'health-body-regex': '"status":"ok"',
      'environment-url': `http://127.0.0.1:${service.port}/`,
      ...FAST,
      ...inputs,
    },
  };
}

/** The states each deployment of the environment went through, oldest deployment first. */
function history(api: FakeGitHubApi): Array<[string, string[]]> {
  return api.state
    .deployments(owner, repo)
    .reverse()
    .map((d) => [d.sha.slice(0, 1), d.statuses.map((s) => s.state)]);
}

/** A webhook receiver that refuses the first delivery (to prove retries) and records the rest. */
async function startWebhook(): Promise<{ url: string; received: any[]; attempts: () => number; close: () => Promise<void> }> {
  const received: any[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      attempts++;
      if (attempts === 1) return void res.writeHead(503).end('try again');
      received.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secretWebhookPath`;
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url, received, attempts: () => attempts, close: async () => undefined };
}

const summaryDueColumn = (summary: string, heading: string) => {
  const section = summary.split('### ').find((s) => s.startsWith(heading)) ?? '';
  return [...section.matchAll(/^\| (\d+) \| \+([\d.]+s) \| `http` \|/gm)].map((m) => m[2]);
};

test('healthy deploy: deployment in_progress → success, the service answers v1, and the bake period has exactly the rounds observe-for/interval asks for', async () => {
  const s = await setup({ [V1]: { version: 'v1' } });
  const result = await deploy(s, V1);
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toMatchObject({ result: 'deployed', 'deployed-sha': V1, 'rolled-back-to': '', 'rollback-deployment-id': '' });
  expect(await s.service.liveVersion()).toBe('v1');
  expect(s.service.deploys()).toEqual([`${V1} v1`]);
  expect(s.service.currentRelease()).toBe(V1);

  const [d] = s.api.state.deployments(owner, repo);
  expect(result.outputs['deployment-id']).toBe(String(d.id));
  expect(history(s.api)).toEqual([['1', ['in_progress', 'success']]]);
  expect(d.statuses[1]).toMatchObject({
    environmentUrl: `http://127.0.0.1:${s.service.port}/`,
    logUrl: `https://github.com/${owner}/${repo}/actions/runs/4242`,
  });
  expect(d.payload).toMatchObject({ action: 'deploy-with-rollback', strategy: 'command', run: { id: '4242' } });
  expect(s.api.requests.map((r) => r.operationId)).toEqual([
    'repos/list-deployments',
    'repos/create-deployment',
    'repos/create-deployment-status',
    'repos/create-deployment-status',
    'repos/list-deployments',
  ]);
  expectNoViolations(s.api);

  // observe-for 1s at 250ms: rounds due at 0, 0.25, 0.5, 0.75 and 1 s.
  const health = JSON.parse(result.outputs['health-checks']);
  expect(health.deploy).toMatchObject({ passed: true, rounds: 5, probes: 5, failures: 0, errors: 0 });
  expect(health.rollback).toBeNull();
  expect(summaryDueColumn(result.summary, 'Health of 1111111')).toEqual(['0s', '0.25s', '0.5s', '0.75s', '1s']);
  expect(result.summary).toContain('## 🚀 Deployed `1111111` to `production`');
  expect(result.summary).toContain('```mermaid\nxychart-beta');
  const metrics = JSON.parse(result.outputs.metrics);
  expect(metrics).toMatchObject({ outcome: 'success', counters: { health_probes: 5 } });
  expect(metrics.phases.map((p: { name: string }) => p.name)).toEqual(['deploy', 'verify']);
});

test("a healthy v2 after v1: v2 is live and its deployment success, v1's deployment marked inactive, no rollback", async () => {
  const s = await setup({ [V1]: { version: 'v1' }, [V2]: { version: 'v2' } });
  expect((await deploy(s, V1, { 'observe-for': '0s' })).outputs.result).toBe('deployed');
  const result = await deploy(s, V2, { 'observe-for': '0.5s' });
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toMatchObject({ result: 'deployed', 'deployed-sha': V2, 'rolled-back-to': '', 'rollback-deployment-id': '' });
  expect(await s.service.liveVersion()).toBe('v2');
  expect(s.service.deploys()).toEqual([`${V1} v1`, `${V2} v2`]);
  const [second, first] = s.api.state.deployments(owner, repo);
  expect(result.outputs['deployment-id']).toBe(String(second.id));
  expect(first.sha).toBe(V1);
  expect(history(s.api)).toEqual([
    ['1', ['in_progress', 'success', 'inactive']],
    ['2', ['in_progress', 'success']],
  ]);
  expect(JSON.parse(result.outputs['health-checks']).rollback).toBeNull();
  expectNoViolations(s.api);
});

test('v2 turns unhealthy during the bake period: rolled back to v1 (a new deployment), the service really answers v1, the step fails, the alert is sent', async () => {
  const s = await setup({ [V1]: { version: 'v1' }, [V2]: { version: 'v2', unhealthyAfterMs: 1000, failure: '500' } });
  const first = await deploy(s, V1, { 'observe-for': '0s' });
  expect(first.outputs.result).toBe('deployed');
  const webhook = await startWebhook();
  const before = s.api.requests.length;

  const result = await deploy(s, V2, { 'observe-for': '2s', 'alert-webhook-url': webhook.url });
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ result: 'rolled-back', 'deployed-sha': V1, 'rolled-back-to': V1 });
  expect(await s.service.liveVersion()).toBe('v1');
  expect(s.service.deploys()).toEqual([`${V1} v1`, `${V2} v2`, `${V1} v1`]);
  expect(s.service.currentRelease()).toBe(V1);

  // GitHub: v1's deployment superseded, v2's failed, the rollback is its own successful deployment.
  const [rollback, failed, good] = s.api.state.deployments(owner, repo);
  expect(history(s.api)).toEqual([
    ['1', ['in_progress', 'success', 'inactive']],
    ['2', ['in_progress', 'failure']],
    ['1', ['in_progress', 'success']],
  ]);
  expect(result.outputs['deployment-id']).toBe(String(failed.id));
  expect(result.outputs['rollback-deployment-id']).toBe(String(rollback.id));
  expect(rollback.payload).toMatchObject({ rollback: { of: failed.id, failedSha: V2, to: good.id } });
  expect(failed.statuses[1].description).toMatch(/^verification failed: http check failed 2 time\(s\) in a row/);
  expect(s.api.requests.slice(before).map((r) => r.operationId)).toEqual([
    'repos/list-deployments', // lock check
    'repos/list-deployment-statuses',
    'repos/create-deployment',
    'repos/create-deployment-status', // v2 in_progress
    'repos/create-deployment-status', // v2 failure
    'repos/list-deployments', // last good, newest first
    'repos/list-deployment-statuses',
    'repos/create-deployment',
    'repos/create-deployment-status', // rollback in_progress
    'repos/create-deployment-status', // rollback success
    'repos/list-deployments', // earlier ones inactive
    'repos/list-deployment-statuses',
    'repos/list-deployment-statuses',
    'repos/create-deployment-status', // v1's first deployment inactive
  ]);
  expectNoViolations(s.api);

  // v2 answered healthy first, then HTTP 500 until failure-threshold; v1 then passed a full bake period.
  const health = JSON.parse(result.outputs['health-checks']);
  expect(health.deploy.passed).toBe(false);
  expect(health.deploy.checks[0].successes).toBeGreaterThan(0);
  expect(health.deploy).toMatchObject({ failures: 2, errors: 0 });
  expect(health.deploy.reason).toMatch(/HTTP 500, expected 200/);
  expect(health.deploy.probes).toBeGreaterThanOrEqual(3);
  // observe-for 2s at 250ms: 9 rounds, however long each probe took.
  expect(health.rollback).toMatchObject({ passed: true, rounds: 9, probes: 9, failures: 0, errors: 0 });
  const metrics = JSON.parse(result.outputs.metrics);
  expect(metrics.counters).toMatchObject({ rollbacks: 1, health_failures: 2 });
  expect(metrics.phases.map((p: { name: string }) => p.name)).toEqual(['deploy', 'verify', 'rollback', 'verify-rollback']);

  expect(result.errors.at(-1)).toMatch(
    /^deploy-with-rollback: Deployment \d+ of 2222222 to production failed \(verification failed: .*\); rolled back to 1111111/,
  );
  expect(result.summary).toContain('## ↩️ Rolled back `production` to `1111111`');
  expect(result.summary).toContain('### Health of 1111111 after the rollback');

  // The alert: Slack-compatible JSON, delivered on the second attempt, its URL masked.
  expect(webhook.attempts()).toBe(2);
  expect(webhook.received).toHaveLength(1);
  expect(webhook.received[0].text).toMatch(/^\[ERROR\] Rolled back production to 1111111: 2222222 failed its health checks/);
  expect(webhook.received[0].attachments[0].fields).toEqual(expect.arrayContaining([{ title: 'Rolled back to', value: V1, short: true }]));
  expect(result.masks).toContain(webhook.url);
  expect(result.log).not.toContain('secretWebhookPath');
});

test('a rollback that fails itself: rollback-failed, both deployments marked failure, the loudest error and a critical alert', async () => {
  const s = await setup({ [V1]: { version: 'v1' }, [V2]: { version: 'v2', unhealthyAfterMs: 0, failure: '500' } });
  expect((await deploy(s, V1, { 'observe-for': '0s' })).outputs.result).toBe('deployed');
  s.service.removeBuild(V1); // the build to roll back to is gone
  const webhook = await startWebhook();
  const result = await deploy(s, V2, { 'alert-webhook-url': webhook.url });
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ result: 'rollback-failed', 'deployed-sha': '', 'rolled-back-to': V1 });
  expect(history(s.api)).toEqual([
    ['1', ['in_progress', 'success']],
    ['2', ['in_progress', 'failure']],
    ['1', ['in_progress', 'failure']],
  ]);
  expect(s.api.state.deployments(owner, repo)[0].statuses[1].description).toBe('rollback failed: the rollback command exited with code 1');
  expect(await s.service.liveVersion()).toBe('v2');
  expect(result.log).toContain(`deploy: no build of ${V1}`);
  expect(result.errors.at(-1)).toMatch(/^deploy-with-rollback: ROLLBACK FAILED on production: .*The environment needs a person now\./);
  expect(result.summary).toContain('## 🚨 ROLLBACK FAILED on `production`');
  expect(result.summary).toContain('> [!CAUTION]');
  expect(webhook.received[0].text).toMatch(/^\[CRITICAL\] ROLLBACK FAILED on production/);
  expectNoViolations(s.api);
});

test('no earlier good deployment: failed, saying so, without inventing a rollback', async () => {
  const s = await setup({ [V2]: { version: 'v2', unhealthyAfterMs: 0, failure: '500' } });
  const result = await deploy(s, V2);
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ result: 'failed', 'deployed-sha': '', 'rolled-back-to': '', 'rollback-deployment-id': '' });
  expect(history(s.api)).toEqual([['2', ['in_progress', 'failure']]]);
  expect(s.api.requestsFor('repos/create-deployment')).toHaveLength(1);
  expect(result.errors.at(-1)).toMatch(/there is no earlier successful deployment of production to roll back to: nothing was rolled back\.$/);
  expect(JSON.parse(result.outputs.metrics).counters.rollbacks).toBeUndefined();
  expectNoViolations(s.api);
});

test('another deployment of the environment in progress: refused before anything is created or deployed', async () => {
  const s = await setup({ [V1]: { version: 'v1' }, [V2]: { version: 'v2' } });
  const busy = s.api.state.seedDeployment(owner, repo, { sha: V1, ref: V1, environment: ENV });
  s.api.state.addDeploymentStatus(s.api.state.repo(owner, repo), busy, { state: 'in_progress' });
  const result = await deploy(s, V2);
  expect(result.exitCode).toBe(1);
  expect(result.errors).toEqual([
    expect.stringMatching(
      new RegExp(
        `^deploy-with-rollback: Another deployment of environment 'production' is still in_progress: deployment ${busy.id} of 1111111, started [\\d.]+ m?s ago \\(lock-timeout 30 min 0 s\\)\\. Nothing was deployed\\.\\nSerialise deploys with \`concurrency`,
      ),
    ),
  ]);
  expect(result.outputs.result).toBeUndefined();
  expect(s.api.requestsFor('repos/create-deployment')).toHaveLength(0);
  expect(s.service.deploys()).toEqual([]);
  expect(result.summary).toContain('## ⛔ Did not deploy `2222222` to `production`');
  expectNoViolations(s.api);
});

test('a health URL that times out counts errors; one that answers 500 counts failures', async () => {
  const [hang, broken] = await Promise.all([
    setup({ [V2]: { version: 'v2', unhealthyAfterMs: 0, failure: 'hang' } }),
    setup({ [V2]: { version: 'v2', unhealthyAfterMs: 0, failure: '500' } }),
  ]);
  const [timedOut, failed] = await Promise.all([
    deploy(hang, V2, { timeout: '300ms', 'failure-threshold': '3' }),
    deploy(broken, V2, { timeout: '300ms', 'failure-threshold': '3' }),
  ]);
  const h1 = JSON.parse(timedOut.outputs['health-checks']).deploy;
  expect(h1).toMatchObject({ passed: false, errors: 2, failures: 0 });
  expect(h1.reason).toMatch(/http check could not be measured 2 time\(s\) in a row \(error-threshold 2\): no answer within 300 ms \(timeout\)/);
  const h2 = JSON.parse(failed.outputs['health-checks']).deploy;
  expect(h2).toMatchObject({ passed: false, errors: 0, failures: 3 });
  expect(h2.reason).toMatch(/http check failed 3 time\(s\) in a row \(failure-threshold 3\): HTTP 500, expected 200/);
  expect(JSON.parse(timedOut.outputs.metrics).counters).toMatchObject({ health_probes: 2, health_errors: 2 });
  expect(JSON.parse(failed.outputs.metrics).counters).toMatchObject({ health_probes: 3, health_failures: 3 });
  expectNoViolations(hang.api);
  expectNoViolations(broken.api);
});

test('invalid inputs fail before any GitHub request or deploy', async () => {
  const s = await setup({ [V1]: { version: 'v1' } });
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ ref: 'main' }, /Input 'ref' has invalid value "main": expected a full commit SHA/],
    [{ 'observe-for': '5 minutes' }, /Input 'observe-for' has invalid value "5 minutes"/],
    [{ 'failure-threshold': '0' }, /Input 'failure-threshold' has invalid value "0": expected an integer from 1 to 1000/],
    [{ 'deploy-command': '' }, /Input 'deploy-command' is required with strategy: command/],
    [{ 'health-url': 'ftp://x/health' }, /Input 'health-url' has invalid value "ftp:\/\/x\/health"/],
    [{ 'alert-webhook-url': 'not-a-url-secret' }, /Input 'alert-webhook-url' has invalid value "\*\*\*"/],
  ];
  const results = await Promise.all(cases.map(([inputs]) => deploy(s, V1, inputs)));
  results.forEach((result, i) => {
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(cases[i][1])]);
  });
  expect(s.api.requests).toEqual([]);
  expect(s.service.deploys()).toEqual([]);
});

test('data tests as a health check: v2 ships data that fails its tests, so it is rolled back to v1, whose data passes', async () => {
  const goodData = 'order_id,amount\n1,10\n2,20\n3,30\n';
  const badData = 'order_id,amount\n1,10\n,20\n3,30\n3,40\n';
  const s = await setup({ [V1]: { version: 'v1', files: { 'orders.csv': goodData } }, [V2]: { version: 'v2', files: { 'orders.csv': badData } } });
  const dirs = createRunnerDirs();
  writeFileSync(
    path.join(dirs.workspace, 'deploy-checks.yml'),
    `version: 1
datasets:
  - name: orders
    path: \${SERVICE_ROOT}/current/orders.csv
    columns:
      - name: order_id
        tests: [not_null, unique]
`,
  );
  const env = { DATAOPS_DUCKDB_NODE_MODULES: path.join(repoRoot, 'node_modules') };
  const inputs = { 'data-tests': 'deploy-checks.yml', 'observe-for': '0s' };
  const first = await runAction('deploy-with-rollback', { ...deployOptions(s, V1, inputs, env), dirs });
  expect(first.outputs.result).toBe('deployed');
  expect(JSON.parse(first.outputs['health-checks']).deploy.checks.map((c: { name: string; lastDetail: string }) => [c.name, c.lastDetail])).toEqual([
    ['http', 'HTTP 200'],
    ['data-tests', '2 data test(s) passed'],
  ]);

  const result = await runAction('deploy-with-rollback', { ...deployOptions(s, V2, inputs, env), dirs });
  expect(result.outputs).toMatchObject({ result: 'rolled-back', 'rolled-back-to': V1 });
  const health = JSON.parse(result.outputs['health-checks']);
  expect(health.deploy.reason).toBe('data-tests failed: 2 of 2 data test(s) failed: orders.not_null(order_id), orders.unique(order_id)');
  expect(health.deploy.checks.find((c: { name: string }) => c.name === 'http')).toMatchObject({ failures: 0, successes: 1 });
  expect(health.rollback).toMatchObject({ passed: true });
  expect(await s.service.liveVersion()).toBe('v1');
  expect(readFileSync(path.join(s.service.root, 'current', 'orders.csv'), 'utf8')).toBe(goodData);
  expectNoViolations(s.api);
});

test('a run killed mid-deploy leaves its deployment in progress; the post step marks it error, so the next deploy is not blocked', async () => {
  const s = await setup({ [V1]: { version: 'v1' } });
  const killer = `${process.execPath}\n-e\nprocess.kill(process.ppid, 'SIGKILL')`;
  const main = await deploy(s, V1, { 'deploy-command': killer });
  expect(main.signal).toBe('SIGKILL');
  const [open] = s.api.state.deployments(owner, repo);
  expect(open.statuses.map((st) => st.state)).toEqual(['in_progress']);
  expect(JSON.parse(main.state.openDeployments)).toEqual([open.id]);

  // The next deploy comes from another workflow run (a deployment linked to this run is its own).
  const nextRun = { GITHUB_RUN_ID: '4243' };
  const blocked = await deploy(s, V1, {}, nextRun);
  expect(blocked.errors[0]).toMatch(/Another deployment of environment 'production' is still in_progress/);

  const post = await runAction('deploy-with-rollback', { ...deployOptions(s, V1, { 'deploy-command': killer }), dirs: main.dirs, post: { state: main.state } });
  expect(post.exitCode).toBe(0);
  expect(post.warnings).toEqual([
    `Deployment ${open.id} was left in progress by the main step; marked it 'error' so the environment is not held until lock-timeout.`,
  ]);
  expect(open.statuses.map((st) => st.state)).toEqual(['in_progress', 'error']);

  const next = await deploy(s, V1, { 'observe-for': '0s' }, nextRun);
  expect(next.outputs.result).toBe('deployed');
  expectNoViolations(s.api);
});

test('the post step of a finished run changes nothing', async () => {
  const s = await setup({ [V1]: { version: 'v1' } });
  const main = await deploy(s, V1, { 'observe-for': '0s' });
  expect(JSON.parse(main.state.openDeployments)).toEqual([]);
  const before = s.api.requests.length;
  const post = await runAction('deploy-with-rollback', { ...deployOptions(s, V1), dirs: main.dirs, post: { state: main.state } });
  expect(post.exitCode).toBe(0);
  expect(s.api.requests.length).toBe(before);
});
