/**
 * Every action pushes its metrics to a Pushgateway when asked, and a failed push must never
 * change the step's result. A real Pushgateway (Debian's prometheus-pushgateway) sits behind a
 * fault proxy: 5xx bursts then recovery (the metrics must arrive), a cut-off answer, refused
 * connections, and one gateway that never answers.
 */
import { startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api/server.js';
import type { ReleaseMirror } from '../fakes/release-mirror/server.js';
import { startMirror } from '../integration/setup-terraform/helpers.js';
import { startPushgateway, type RunningPushgateway } from '../services/pushgateway.js';
import { refusedUrl, startFaultProxy, type FaultProxy, type ProxyRule } from './support/fault-proxy.js';
import { checkFault } from './support/outcome.js';
import { quickDataTests, quickDeploy, quickPlan, quickSetupTerraform, startLightTarget, type QuickRun } from './support/runs.js';

let gateway: RunningPushgateway;
let proxy: FaultProxy;
let mirror: ReleaseMirror;
let api: FakeGitHubApi;
let target: Awaited<ReturnType<typeof startLightTarget>>;

beforeAll(async () => {
  [gateway, mirror, api, target] = await Promise.all([startPushgateway(), startMirror(), startFakeGitHubApi(), startLightTarget()]);
  proxy = await startFaultProxy(gateway.url);
});
afterEach(() => proxy.clear());
afterAll(async () => {
  await Promise.all([proxy.close(), gateway.stop(), mirror.close(), api.close(), target.close()]);
});

let deploys = 0;
/** A fresh SHA per deploy, so every run is a new deploy. */
const nextSha = () => String(++deploys).padStart(40, '0');

const ACTIONS: Array<[string, (gatewayUrl: string) => Promise<QuickRun>]> = [
  ['setup-terraform', (url) => quickSetupTerraform(mirror, { 'metrics-pushgateway-url': url })],
  ['plan-and-comment', (url) => quickPlan({ 'metrics-pushgateway-url': url })],
  ['run-data-tests', (url) => quickDataTests({ 'metrics-pushgateway-url': url })],
  ['deploy-with-rollback', (url) => quickDeploy(api, target, { ref: nextSha(), 'metrics-pushgateway-url': url })],
];

/** The action's run counter is in the gateway (the push landed). */
async function pushed(action: string): Promise<boolean> {
  const text = await gateway.scrape();
  return text.split('\n').some((line) => line.startsWith('dataops_action_runs_total{') && line.includes(`action="${action}"`));
}

describe.each(ACTIONS)('%s and a failing Pushgateway', (action, run) => {
  beforeEach(() => gateway.wipe());

  test('503 twice, then recovery: the push is retried and the metrics arrive; the step result is untouched', async () => {
    const rule: ProxyRule = { match: /^\/(api\/v1\/metrics|metrics\/)/, fault: { kind: 'status', status: 503 }, times: 2 };
    proxy.add(rule);
    const { result, workDone } = await run(proxy.url);
    const arrived = await pushed(action);
    checkFault({ action, fault: 'pushgateway: 503 burst (2), then recovery', hits: proxy.hits('status'), expected: 'succeeded' }, result, {
      workDone: workDone && arrived,
    });
    expect(result.warnings.join('\n')).not.toMatch(/Pushgateway/);
  });

  test('connection refused: one warning naming the gateway, the step result is untouched', async () => {
    const { result, workDone } = await run(await refusedUrl());
    checkFault({ action, fault: 'pushgateway: connection refused', hits: 1, expected: 'succeeded' }, result, { workDone });
    expect(result.warnings.filter((w) => /Pushgateway/.test(w))).toHaveLength(1);
  });
});

// The push is shared code: one action shows what a cut-off answer does to all of them.
test('an answer cut off mid-body: retried or a warning, never a changed step result', async () => {
  await gateway.wipe();
  proxy.add({ match: '/api/v1/metrics', fault: { kind: 'truncate' }, times: 1 });
  const { result, workDone } = await quickDataTests({ 'metrics-pushgateway-url': proxy.url });
  checkFault({ action: 'run-data-tests', fault: 'pushgateway: answer cut off mid-body', hits: proxy.hits('truncate'), expected: 'succeeded' }, result, {
    workDone,
  });
});

// Its bounded cost is the point (three 5 s attempts): nightly only.
const nightly = process.env.FAULTS_NIGHTLY === '1' ? test : test.skip;
nightly('a Pushgateway that never answers costs the step its bounded timeouts, then a warning', async () => {
  proxy.add({ match: /./, fault: { kind: 'hang' } });
  const { result, workDone } = await quickDataTests({ 'metrics-pushgateway-url': proxy.url });
  checkFault({ action: 'run-data-tests', fault: 'pushgateway: never answers', hits: proxy.hits('hang'), expected: 'succeeded' }, result, { workDone });
  expect(result.warnings.join('\n')).toMatch(/Metrics were not pushed to the Pushgateway at .*no response within/);
});
