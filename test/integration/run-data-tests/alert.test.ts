/**
 * Alerts to a chat webhook (alert-webhook-url, alert-on): one message naming the failing tests when
 * the run fails (or also warns, with alert-on: warn), none otherwise; the URL is masked.
 */
import { startWebhookReceiver } from '../../fakes/webhook/server.js';
import { runDataTestsAction } from './helpers.js';

const check = (errorIf: string) => `version: 1
datasets:
  - name: orders
    path: data/orders.csv
    columns:
      - { name: status, tests: [{ accepted_values: { values: [placed, shipped, returned], error_if: "${errorIf}" } }] }
`;

describe('alerts', () => {
  test('a failing run posts one message with the failing tests; the webhook URL is masked', async () => {
    const hook = await startWebhookReceiver([{ status: 200, body: 'ok' }]);
    try {
      const run = await runDataTestsAction(check('>0'), { inputs: { 'alert-webhook-url': hook.url } });
      expect(run.exitCode).toBe(1);
      expect(hook.requests).toHaveLength(1);
      const payload = hook.requests[0].json;
      expect(JSON.stringify(payload)).toContain('Data tests failed: 1 failed, 0 passed (dataops-tests.yml)');
      expect(JSON.stringify(payload)).toContain('FAIL orders: accepted_values(status): 1 failing row of 20 (5%)');
      expect(run.masks).toContain(hook.url);
      expect(run.log).not.toContain(hook.secretPath);
    } finally {
      await hook.close();
    }
  });

  test('warnings alert only with alert-on: warn', async () => {
    const hook = await startWebhookReceiver([{ status: 200, body: 'ok' }]);
    try {
      const quiet = await runDataTestsAction(check('>50%'), { inputs: { 'alert-webhook-url': hook.url } });
      expect(quiet.outputs.result).toBe('warn');
      expect(hook.requests).toHaveLength(0);
      await runDataTestsAction(check('>50%'), { inputs: { 'alert-webhook-url': hook.url, 'alert-on': 'warn' } });
      expect(hook.requests).toHaveLength(1);
      expect(JSON.stringify(hook.requests[0].json)).toContain('Data tests passed with warnings: 1 warned');
    } finally {
      await hook.close();
    }
  });

  test("alert-on: error is fail-on's spelling of fail; an unknown value fails before any test runs", async () => {
    const hook = await startWebhookReceiver([{ status: 200, body: 'ok' }]);
    try {
      const run = await runDataTestsAction(check('>0'), { inputs: { 'alert-webhook-url': hook.url, 'alert-on': 'error' } });
      expect(run.exitCode).toBe(1);
      expect(hook.requests).toHaveLength(1);
      const bad = await runDataTestsAction(check('>0'), { inputs: { 'alert-webhook-url': hook.url, 'alert-on': 'always' } });
      expect(bad.exitCode).toBe(1);
      expect(bad.errors.join('\n')).toMatch(/alert-on.*always.*fail, error, warn/);
      expect(bad.outputs.passed).toBeUndefined();
      expect(hook.requests).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});
