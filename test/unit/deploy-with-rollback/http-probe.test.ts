/**
 * The HTTP check against a real local server: answered-but-wrong is a failure, no answer is an
 * error; statuses, body patterns and request headers; input parsing that never echoes a secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  httpHealthCheck,
  parseBodyPattern,
  parseExpectedStatuses,
  parseHeaderLines,
  parseHealthUrl,
  describeStatuses,
  type HttpProbeSpec,
} from '../../../shared/src/deploy/http-probe.js';

let server: http.Server;
let base: string;
const seenHeaders: http.IncomingHttpHeaders[] = [];
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHeaders.push(req.headers);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/hang') {
      hanging.push(res);
      return;
    }
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: '/ok' }).end();
      return;
    }
    const status = Number(url.searchParams.get('status') ?? 200);
    res.writeHead(status, { 'content-type': 'application/json' }).end(url.searchParams.get('body') ?? '{"status":"ok","version":"v1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const spec = (path: string, extra: Partial<HttpProbeSpec> = {}): HttpProbeSpec => ({
  url: `${base}${path}`,
  expectedStatuses: [{ from: 200, to: 200 }],
  headers: {},
  timeoutMs: 2000,
  ...extra,
});

describe('httpHealthCheck', () => {
  test('an expected status is a success', async () => {
    const result = await httpHealthCheck(spec('/ok')).probe({ round: 1 });
    expect(result).toMatchObject({ outcome: 'success', detail: 'HTTP 200' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('HTTP 500 is a failure (measured, bad), with an excerpt of the body', async () => {
    const result = await httpHealthCheck(spec('/x?status=500&body=database%20down')).probe({ round: 1 });
    expect(result.outcome).toBe('failure');
    expect(result.detail).toBe('HTTP 500, expected 200: database down');
  });

  test('no answer within the timeout is an error (not measured), not a failure', async () => {
    const result = await httpHealthCheck(spec('/hang', { timeoutMs: 200 })).probe({ round: 1 });
    expect(result.outcome).toBe('error');
    expect(result.detail).toMatch(/no answer within 200 ms \(timeout\)/);
  });

  test('a refused connection is an error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await httpHealthCheck({ ...spec('/'), url: `http://127.0.0.1:${port}/health` }).probe({ round: 1 });
    expect(result).toMatchObject({ outcome: 'error', detail: 'connection failed (ECONNREFUSED)' });
  });

  test('ranges and classes of statuses', async () => {
    const check = httpHealthCheck(spec('/x?status=204&body=', { expectedStatuses: parseExpectedStatuses('s', '200-203, 2xx') }));
    expect((await check.probe({ round: 1 })).outcome).toBe('success');
  });

  test('the body must match the pattern when one is given', async () => {
    const pattern = parseBodyPattern('r', '"version":"v2"');
    const result = await httpHealthCheck(spec('/ok', { bodyPattern: pattern })).probe({ round: 1 });
    expect(result.outcome).toBe('failure');
    expect(result.detail).toMatch(/does not match \/"version":"v2"\/: \{"status":"ok","version":"v1"\}/);
    expect((await httpHealthCheck(spec('/ok', { bodyPattern: /"v1"/ })).probe({ round: 1 })).outcome).toBe('success');
  });

  test('redirects are not followed: a redirect to a page that answers 200 is not healthy', async () => {
    const result = await httpHealthCheck(spec('/redirect')).probe({ round: 1 });
    expect(result).toMatchObject({ outcome: 'failure' });
    expect(result.detail).toMatch(/^HTTP 302/);
  });

  test('request headers are sent', async () => {
    seenHeaders.length = 0;
    await httpHealthCheck(spec('/ok', { headers: { Authorization: 'Bearer s3cret-token', 'X-Probe': 'yes' } })).probe({ round: 1 });
    expect(seenHeaders[0]).toMatchObject({ authorization: 'Bearer s3cret-token', 'x-probe': 'yes' });
  });
});

describe('input parsing', () => {
  test.each([
    ['200', '200'],
    ['200, 204', '200, 204'],
    ['200-299', '200-299'],
    ['2xx,301', '200-299, 301'],
  ])('expected statuses %j', (value, described) => {
    expect(describeStatuses(parseExpectedStatuses('health-expected-status', value))).toBe(described);
  });

  test.each(['', 'ok', '99', '600', '299-200', '6xx', '200;204'])('rejects expected statuses %j, naming the input', (value) => {
    expect(() => parseExpectedStatuses('health-expected-status', value)).toThrow(
      /Input 'health-expected-status' has invalid value .*expected HTTP status codes/,
    );
  });

  test('header lines', () => {
    expect(parseHeaderLines('health-headers', 'Authorization: Bearer a:b\n\nX-Env:  prod ')).toEqual({ Authorization: 'Bearer a:b', 'X-Env': 'prod' });
  });

  test('a bad header line is reported by number, never by content (it may be a secret)', () => {
    let message = '';
    try {
      parseHeaderLines('health-headers', 'Authorization: Bearer ok\nBearer topsecretvalue');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/Input 'health-headers'.*line 2/);
    expect(message).not.toContain('topsecretvalue');
  });

  test('URLs must be http(s); regular expressions must compile', () => {
    expect(parseHealthUrl('health-url', 'https://svc.internal/health')).toBe('https://svc.internal/health');
    expect(() => parseHealthUrl('health-url', 'ftp://x/y')).toThrow(/Input 'health-url'.*http:\/\/ or https:\/\//);
    expect(() => parseHealthUrl('health-url', 'not a url')).toThrow(/Input 'health-url'/);
    let message = '';
    try {
      parseHealthUrl('health-url', 'https://admin:hunter2pass@svc.internal/health');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`Input 'health-url' has invalid value "https://***@svc.internal/health": expected a URL without credentials`);
    expect(parseBodyPattern('health-body-regex', '')).toBeUndefined();
    expect(() => parseBodyPattern('health-body-regex', '([')).toThrow(/Input 'health-body-regex'.*regular expression/);
  });
});
