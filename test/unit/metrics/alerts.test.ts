/** The alert message and the webhook URL input, without the network. */
import { buildAlertPayload, escapeSlack, getWebhookUrl, parseWebhookUrl, runInfo } from '#shared/alerts.js';
import { parseRetryAfter, splitCredentials, isRetryable, HttpSendError } from '#shared/http-send.js';
import { captureStdout } from '../../services/capture-stdout.js';

const env = {
  GITHUB_REPOSITORY: 'octo-org/data-platform',
  GITHUB_RUN_ID: '99',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_WORKFLOW: 'Deploy',
  GITHUB_SERVER_URL: 'https://ghe.example.com/',
};

describe('the Slack-compatible message', () => {
  test('untrusted text cannot ping the channel or forge links', () => {
    const payload = buildAlertPayload(
      { title: 'Rollback <!channel> & <https://evil.example|click>', text: '<@U123> failed\n> quoted', fields: [{ title: '<b>', value: '<!here>' }] },
      env,
    ) as any;
    const json = JSON.stringify(payload);
    expect(json).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(payload.attachments[0].title).toBe('Rollback &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(payload.attachments[0].text).toBe('&lt;@U123&gt; failed\n&gt; quoted');
    expect(payload.attachments[0].fields.at(-1)).toEqual({ title: '&lt;b&gt;', value: '&lt;!here&gt;', short: false });
  });

  test('links to the run on the configured server; the first attempt has no /attempts/ suffix', () => {
    const payload = buildAlertPayload({ title: 't' }, env) as any;
    expect(payload.attachments[0].title_link).toBe('https://ghe.example.com/octo-org/data-platform/actions/runs/99');
    expect(payload.text).toBe('[ERROR] t (octo-org/data-platform, workflow Deploy) <https://ghe.example.com/octo-org/data-platform/actions/runs/99|run 99>');
    expect(runInfo({ ...env, GITHUB_RUN_ATTEMPT: '3' }).runUrl).toBe('https://ghe.example.com/octo-org/data-platform/actions/runs/99/attempts/3');
  });

  test('an explicit runUrl wins; severity picks the colour; multi-line titles become one line', () => {
    const payload = buildAlertPayload({ title: 'line one\nline two', severity: 'warning', runUrl: 'https://example.com/run/1' }, env) as any;
    expect(payload.attachments[0]).toMatchObject({ title: 'line one line two', title_link: 'https://example.com/run/1', color: '#DAA038' });
    expect(payload.text.startsWith('[WARNING] line one line two')).toBe(true);
  });

  test('long text is cut to a size chat tools accept', () => {
    const payload = buildAlertPayload({ title: 'x'.repeat(1000), text: 'y'.repeat(10_000) }, env) as any;
    expect(payload.attachments[0].title.length).toBeLessThanOrEqual(200);
    expect(payload.attachments[0].text.length).toBeLessThanOrEqual(3000);
    expect(payload.attachments[0].text.endsWith('…')).toBe(true);
  });

  test('outside a workflow run there is no link and no repository field', () => {
    const payload = buildAlertPayload({ title: 't' }, {}) as any;
    expect(payload.text).toBe('[ERROR] t');
    expect(payload.attachments[0].title_link).toBeUndefined();
    expect(payload.attachments[0].fields).toEqual([]);
  });

  test('escapeSlack escapes exactly &, < and >', () => {
    expect(escapeSlack('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'');
  });
});

describe('the webhook URL input', () => {
  test('valid URLs pass; empty means no alerts', () => {
    expect(parseWebhookUrl('alert-webhook-url', ' https://hooks.example.com/services/T/B/x ')).toBe('https://hooks.example.com/services/T/B/x');
    expect(parseWebhookUrl('alert-webhook-url', '')).toBe('');
  });

  test.each([['hooks.example.com/services/x'], ['javascript:alert(1)'], ['file:///etc/passwd'], ['https://']])(
    '%j is rejected without echoing the value',
    (value) => {
      const out = captureStdout();
      try {
        expect(() => parseWebhookUrl('alert-webhook-url', value)).toThrow(
          'Input \'alert-webhook-url\' has invalid value "***": expected an http(s) webhook URL',
        );
      } finally {
        out.restore();
      }
    },
  );

  test('getWebhookUrl masks the value and its path as soon as it is read', () => {
    const out = captureStdout();
    try {
      expect(getWebhookUrl('alert-webhook-url', () => 'https://hooks.example.com/services/T1/B2/token')).toBe('https://hooks.example.com/services/T1/B2/token');
      expect(out.parsed().masks).toEqual(['https://hooks.example.com/services/T1/B2/token', '/services/T1/B2/token']);
    } finally {
      out.restore();
    }
  });
});

describe('HTTP sending helpers', () => {
  test.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5000],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
    ['soon', undefined],
    ['', undefined],
  ])('Retry-After %j → %j ms', (header, ms) => {
    expect(parseRetryAfter(header, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(ms);
  });

  test('credentials in the URL become a Basic header and leave the URL', () => {
    expect(splitCredentials('https://user%40corp:p%3Ass@pgw.example.com:9091/x')).toEqual({
      url: 'https://pgw.example.com:9091/x',
      authorization: `Basic ${Buffer.from('user@corp:p:ss').toString('base64')}`,
    });
    expect(splitCredentials('http://pgw:9091')).toEqual({ url: 'http://pgw:9091' });
  });

  test.each([
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [401, false],
    [404, false],
  ])('HTTP %i retryable: %s', (status, retry) => {
    expect(isRetryable(new HttpSendError('x', status))).toBe(retry);
  });
});
