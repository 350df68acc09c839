/**
 * Secrets never leak. One representative run of each action is given known secret values — the
 * GitHub token, a Slack-style webhook URL (its path is the secret), a database URL with a
 * password, the cli-config-credentials-token — and every place the run leaves text is searched
 * for them (raw, URL-encoded, base64): the log as the runner shows it (a mask only hides what is
 * printed AFTER it is registered), stderr, outputs, variables, the summary, every file under the
 * runner folders, and what the fake services received: comment and deployment bodies, artifacts,
 * caches, metrics pushes and alert messages. The only place a secret may be written is the one the
 * action documents: the token in the CLI configuration file (mode 0600).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startFakeActionsResults, type FakeActionsResults } from '../fakes/actions-results/server.js';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api/server.js';
import type { ReleaseMirror } from '../fakes/release-mirror/server.js';
import { startWebhookReceiver } from '../fakes/webhook/server.js';
import { pullRequestEvent } from '../harness/events.js';
import { createRunnerDirs, type ActionRunResult } from '../harness/run-action.js';
import { startMirror } from '../integration/setup-terraform/helpers.js';
import { runDataTestsAction } from '../integration/run-data-tests/helpers.js';
import { record } from '../faults/support/ledger.js';
import { refusedUrl } from '../faults/support/fault-proxy.js';
import { BASE_SHA, HEAD_SHA, OWNER, REPO, V1, V2, quickDeploy, quickPlanOnPullRequest, quickSetupTerraform, startLightTarget } from '../faults/support/runs.js';
import { SecretScan, type Secrets } from './support/secret-scan.js';

const TOKEN = 'ghs_SecretScanTokenDoNotLeak0123456789AB';
const CLI_TOKEN = 'tfeSecretCliToken.atlasv1.DoNotLeak0123456789abcdefghij';
const DB_PASSWORD = 'DbPassw0rd-DoNotLeak-7f3k';
const WEBHOOK_PATH = '/services/T0SECRET/B0SECRET/WebhookDoNotLeak0123456789';

/** A Pushgateway stand-in that records what it is sent (the push must carry no secret either). */
async function startMetricsCapture(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.url}\n${body}`);
      if (req.method === 'GET') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":[]}');
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let api: FakeGitHubApi;
let results: FakeActionsResults;
let metrics: Awaited<ReturnType<typeof startMetricsCapture>>;
let dbUrl: string;
beforeEach(async () => {
  [api, results, metrics] = await Promise.all([startFakeGitHubApi(), startFakeActionsResults(), startMetricsCapture()]);
  api.state.seedPullRequest(OWNER, REPO, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA });
  // Nothing listens there: connection errors are where URLs like to end up in messages.
  dbUrl = (await refusedUrl('/warehouse')).replace('http://', `postgres://analyst:${DB_PASSWORD}@`);
});
afterEach(async () => {
  expectNoViolations(api);
  await Promise.all([api.close(), results.close(), metrics.close()]);
});

/** Everything the fake services hold after the run. */
async function scanServices(scan: SecretScan): Promise<void> {
  for (const r of api.requests) scan.text(`the body of ${r.method} ${r.path}`, r.body === undefined ? undefined : JSON.stringify(r.body));
  for (const c of api.state.comments(OWNER, REPO, 7)) scan.text(`comment ${c.id}`, c.body);
  for (const d of api.state.deployments(OWNER, REPO)) scan.text(`deployment ${d.id}`, JSON.stringify(d));
  for (const a of results.artifacts) {
    for (const [file, bytes] of Object.entries(await a.files())) scan.text(`artifact ${a.name}: ${file}`, bytes);
  }
  for (const c of results.caches) scan.tarball(`cache ${c.key}`, c.archive());
  for (const body of metrics.bodies) scan.text('a metrics push', body);
}

function finish(action: string, scan: SecretScan, result: ActionRunResult, except: string[] = []): void {
  scan.run(result);
  scan.files(result.dirs.root, except);
  record({ kind: 'leak', action, scanned: scan.scanned, hits: scan.hits });
  expect(scan.hits).toEqual([]);
}

test('setup-terraform with CLI credentials: the token is only in the CLI configuration file, mode 0600', async () => {
  const mirror: ReleaseMirror = await startMirror();
  try {
    const secrets: Secrets = { 'cli-config-credentials-token': CLI_TOKEN };
    const { result, workDone } = await quickSetupTerraform(
      mirror,
      { 'cli-config-credentials-token': CLI_TOKEN, 'metrics-pushgateway-url': metrics.url, wrapper: 'true' },
      { env: results.env },
    );
    expect(workDone).toBe(true);
    const rc = path.join(result.dirs.home, '.terraformrc');
    expect(statSync(rc).mode & 0o777).toBe(0o600);
    expect(readFileSync(rc, 'utf8').split(CLI_TOKEN)).toHaveLength(2);
    const scan = new SecretScan(secrets);
    await scanServices(scan);
    finish('setup-terraform', scan, result, [path.relative(result.dirs.root, rc)]);
  } finally {
    await mirror.close();
  }
});

test('plan-and-comment on a pull request with artifacts: the token and a backend connection string stay out', async () => {
  const secrets: Secrets = { 'github token': TOKEN, 'database URL': dbUrl, 'database password': DB_PASSWORD };
  const { result, workDone } = await quickPlanOnPullRequest(
    api,
    { 'upload-artifacts': 'true', 'backend-config': `conn_str=${dbUrl}`, label: 'true', 'metrics-pushgateway-url': metrics.url },
    { token: TOKEN, env: results.env },
  );
  expect(workDone).toBe(true);
  const scan = new SecretScan(secrets);
  await scanServices(scan);
  // The Terraform double's own record of its arguments stands for Terraform's internals, not the action's output.
  finish('plan-and-comment', scan, result, ['terraform-double.log', path.join('workspace', 'infra', '.terraform')]);
});

test('run-data-tests with a database URL, a pull request comment and history in the cache: nothing leaks', async () => {
  const secrets: Secrets = { 'github token': TOKEN, 'database URL': dbUrl, 'database password': DB_PASSWORD };
  const check = `version: 1
sources:
  warehouse: { type: postgres, url: "\${DATABASE_URL}" }
datasets:
  - { name: orders, source: warehouse, table: public.orders, tests: [{ row_count: { min: 1 } }] }
  - name: customers
    path: data/customers.csv
    tests: [{ anomaly: { metric: row_count } }]
`;
  const result = await runDataTestsAction(check, {
    eventName: 'pull_request',
    event: pullRequestEvent({ number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA }),
    githubApiUrl: api.url,
    token: TOKEN,
    env: { ...results.env, DATABASE_URL: dbUrl },
    inputs: { comment: 'true', history: 'cache', 'junit-path': 'junit.xml', 'metrics-pushgateway-url': metrics.url },
  });
  expect(result.outputs).toMatchObject({ errored: '1', passed: '1' });
  expect(api.state.comments(OWNER, REPO, 7)).toHaveLength(1);
  const scan = new SecretScan(secrets);
  await scanServices(scan);
  finish('run-data-tests', scan, result);
});

test('deploy-with-rollback with an alert webhook, health headers and a data-tests check: nothing leaks, the alert included', async () => {
  const webhook = await startWebhookReceiver([], WEBHOOK_PATH);
  const target = await startLightTarget();
  try {
    const healthSecret = 'HealthBearerDoNotLeak0123456789';
    const secrets: Secrets = {
      'github token': TOKEN,
      'webhook URL': webhook.url,
      'webhook secret path': WEBHOOK_PATH.slice(10),
      'database URL': dbUrl,
      'database password': DB_PASSWORD,
      'health header': healthSecret,
    };
    const check = `version: 1
sources:
  warehouse: { type: postgres, url: "\${DATABASE_URL}" }
datasets:
  - { name: orders, source: warehouse, table: public.orders, tests: [{ row_count: { min: 1 } }] }
`;
    // v1 is good; v2's data tests cannot reach the database, so it is rolled back (and the rollback's own
    // data tests cannot either: rollback-failed), and the alert goes out.
    const dirs = createRunnerDirs();
    writeFileSync(path.join(dirs.workspace, 'checks.yml'), check);
    const inputs = { 'alert-webhook-url': webhook.url, 'health-headers': `Authorization: Bearer ${healthSecret}`, 'metrics-pushgateway-url': metrics.url };
    const good = await quickDeploy(api, target, { ...inputs, ref: V1 }, { token: TOKEN, dirs });
    expect(good.workDone).toBe(true);
    const { result } = await quickDeploy(api, target, { ...inputs, ref: V2, 'data-tests': 'checks.yml' }, { token: TOKEN, env: { DATABASE_URL: dbUrl }, dirs });
    expect(result.outputs.result).toBe('rollback-failed');
    expect(webhook.requests.length).toBeGreaterThan(0);
    expect(result.exitCode).toBe(1);
    const scan = new SecretScan(secrets);
    await scanServices(scan);
    for (const r of webhook.requests) scan.text('the alert message', r.body);
    finish('deploy-with-rollback', scan, result);
  } finally {
    await Promise.all([webhook.close(), target.close()]);
  }
});

describe('the scan itself can fail', () => {
  test('a secret printed before its mask, base64-encoded, URL-encoded or in a file is found; one printed after its mask is not', () => {
    const scan = new SecretScan({ token: 'tok-0123456789' });
    scan.log('log', ['early tok-0123456789', '::add-mask::tok-0123456789', 'late tok-0123456789'].join('\n'));
    scan.text('header', `Basic ${Buffer.from('tok-0123456789').toString('base64')}`);
    scan.text('url', `https://x/?t=${encodeURIComponent('tok-0123456789')}`);
    expect(scan.hits).toEqual(['token in log: "early tok-0123456789"', 'token in header', 'token in url']);
  });

  test('an add-mask printed inside stop-commands masks nothing (the runner shows it as text)', () => {
    const scan = new SecretScan({ token: 'tok-0123456789' });
    scan.log('log', ['::stop-commands::x', '::add-mask::tok-0123456789', '::x::', 'shown tok-0123456789'].join('\n'));
    expect(scan.hits).toEqual(['token in log: "::add-mask::tok-0123456789"', 'token in log: "shown tok-0123456789"']);
  });
});
