/**
 * Alert delivery to a local Slack-compatible webhook receiver: 429 with Retry-After then 200, 5xx
 * retried until it gives up, a revoked hook (404) not retried, an unreachable host; in every case
 * sendAlert resolves (never throws), the URL and its secret path are masked, and a failure is one
 * warning.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendAlert } from '#shared/alerts.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook/server.js';
import { captureStdout, type Captured } from '../../services/capture-stdout.js';

process.env.DATAOPS_RETRY_BASE_MS = '5';
const runEnv = {
  GITHUB_REPOSITORY: 'octo-org/data-platform',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'Nightly data tests',
  GITHUB_JOB: 'quality',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_ACTOR: 'octocat',
};

let receiver: WebhookReceiver | undefined;
let out: Captured;
beforeEach(() => {
  out = captureStdout();
});
afterEach(async () => {
  out.restore();
  await receiver?.close();
  receiver = undefined;
});

const alert = {
  title: 'Data tests failed: 3 of 120',
  text: 'orders.amount_not_null failed (17 rows)',
  severity: 'error' as const,
  action: 'run-data-tests',
  fields: { Failed: 3, Suite: 'orders' },
};

test('429 with Retry-After, then 200: delivered on the second attempt after the delay the server asked for', async () => {
  receiver = await startWebhookReceiver([
    { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' },
    { status: 200, body: 'ok' },
  ]);
  const result = await sendAlert(receiver.url, alert, { env: runEnv });
  expect(result).toEqual({ delivered: true, attempts: 2 });
  expect(receiver.requests).toHaveLength(2);
  expect(receiver.requests[1].body).toBe(receiver.requests[0].body);
  const log = out.parsed();
  expect(log.annotations).toEqual([]);
  expect(log.rendered).toContain('alert webhook failed (HTTP 429 from alert webhook: rate_limited); retry 1/3 in 1000 ms');
  expect(log.rendered).toContain('Alert sent: Data tests failed: 3 of 120 (after 2 attempts)');

  const { method, headers, json } = receiver.requests[1];
  expect(method).toBe('POST');
  expect(headers['content-type']).toBe('application/json');
  expect(json.text).toBe(
    '[ERROR] Data tests failed: 3 of 120 (octo-org/data-platform, workflow Nightly data tests) <https://github.com/octo-org/data-platform/actions/runs/4242/attempts/2|run 4242>',
  );
  expect(json.attachments).toHaveLength(1);
  const [attachment] = json.attachments;
  expect(attachment).toMatchObject({
    color: '#D00000',
    title: 'Data tests failed: 3 of 120',
    title_link: 'https://github.com/octo-org/data-platform/actions/runs/4242/attempts/2',
    text: 'orders.amount_not_null failed (17 rows)',
    footer: 'dataops-actions',
  });
  expect(Object.fromEntries(attachment.fields.map((f: { title: string; value: string }) => [f.title, f.value]))).toEqual({
    Action: 'run-data-tests',
    Repository: 'octo-org/data-platform',
    Workflow: 'Nightly data tests / quality',
    Ref: 'refs/heads/main',
    Commit: '0123456789ab',
    'Triggered by': 'octocat',
    Failed: '3',
    Suite: 'orders',
  });
});

test('the webhook URL and its secret path are masked before anything is sent or logged', async () => {
  receiver = await startWebhookReceiver([{ status: 500 }]);
  await sendAlert(receiver.url, alert, { env: runEnv });
  const { masks } = out.parsed();
  expect(masks).toContain(receiver.url);
  expect(masks).toContain(receiver.secretPath);
  // Masks are registered before the first request could print anything about it.
  expect(out.text().indexOf('::add-mask::')).toBeLessThan(out.text().indexOf('alert webhook'));
  expect(out.parsed().rendered).not.toContain('s3cr3tWebhookToken');
});

test('5xx every time: retried, then one warning, and sendAlert still resolves', async () => {
  receiver = await startWebhookReceiver(Array.from({ length: 4 }, () => ({ status: 503, body: 'upstream\n::error::injected' })));
  const result = await sendAlert(receiver.url, alert, { env: runEnv });
  expect(result).toMatchObject({ delivered: false, attempts: 4, error: 'HTTP 503 from alert webhook: upstream ::error::injected' });
  expect(receiver.requests).toHaveLength(4);
  expect(out.warnings()).toEqual([
    'Alert "Data tests failed: 3 of 120" could not be delivered to the webhook after 4 attempt(s): HTTP 503 from alert webhook: upstream ::error::injected',
  ]);
  // The receiver's text could not start a workflow command of its own.
  expect(out.parsed().annotations.filter((a) => a.level === 'error')).toEqual([]);
});

test('a revoked hook (404) is not retried', async () => {
  receiver = await startWebhookReceiver();
  const result = await sendAlert(receiver.url.replace('s3cr3tWebhookToken', 'revoked'), alert, { env: runEnv });
  expect(result).toMatchObject({ delivered: false, attempts: 1, error: 'HTTP 404 from alert webhook: no_service' });
  expect(receiver.requests).toHaveLength(1);
  expect(out.warnings()).toHaveLength(1);
});

test('an unreachable webhook host is a warning naming the failure, not the URL', async () => {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const result = await sendAlert(`http://127.0.0.1:${port}/services/secret-path-123`, alert, { env: runEnv, attempts: 2 });
  expect(result).toMatchObject({ delivered: false, attempts: 2, error: 'alert webhook unreachable (ECONNREFUSED)' });
  expect(out.warnings()[0]).not.toContain('secret-path-123');
});

test('no webhook URL: nothing is sent and nothing is logged', async () => {
  const result = await sendAlert('', alert, { env: runEnv });
  expect(result).toEqual({ delivered: false, attempts: 0, error: 'no webhook URL' });
  expect(out.text()).toBe('');
});
