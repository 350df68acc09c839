/**
 * The HTTP health check: GET a URL with optional request headers (from a secret), and compare the
 * status with the expected list and the body with an optional regular expression. No answer at all
 * (DNS, refused or reset connection, TLS, timeout) is an `error`; a wrong answer is a `failure`.
 * Redirects are not followed: a health endpoint that redirects to a login page is not healthy.
 */
import { InputError } from '../errors.js';
import { oneLine, type HealthCheck, type ProbeResult } from './health.js';
import { timeoutSignal } from '../timers.js';

export interface StatusRange {
  from: number;
  to: number;
}

export interface HttpProbeSpec {
  url: string;
  expectedStatuses: StatusRange[];
  bodyPattern?: RegExp;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Bodies are read up to this size for the regular expression; the rest is ignored. */
const MAX_BODY_BYTES = 1024 * 1024;

/** `200`, `200,204`, `200-299` or `2xx`, separated by commas or newlines. */
export function parseExpectedStatuses(name: string, value: string): StatusRange[] {
  const accepted = 'HTTP status codes such as 200, 200-299 or 2xx, separated by commas';
  const items = value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InputError(name, value, accepted);
  return items.map((item) => {
    let range: StatusRange | undefined;
    const single = /^(\d{3})$/.exec(item);
    const span = /^(\d{3})\s*-\s*(\d{3})$/.exec(item);
    const klass = /^([1-5])xx$/i.exec(item);
    if (single) range = { from: Number(single[1]), to: Number(single[1]) };
    else if (span) range = { from: Number(span[1]), to: Number(span[2]) };
    else if (klass) range = { from: Number(klass[1]) * 100, to: Number(klass[1]) * 100 + 99 };
    if (!range || range.from < 100 || range.to > 599 || range.from > range.to) throw new InputError(name, value, accepted);
    return range;
  });
}

export function describeStatuses(ranges: StatusRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Request headers, one `Name: value` per line. The values usually hold credentials, so an error
 * names the line, never its content.
 */
export function parseHeaderLines(name: string, value: string): Record<string, string> {
  const headers: Record<string, string> = {};
  value.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const headerName = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(headerName)) {
      throw new InputError(name, `<line ${index + 1} hidden: it may hold a secret>`, '`Name: value` on each line');
    }
    headers[headerName] = line.slice(colon + 1).trim();
  });
  return headers;
}

/** A URL the probe can GET: http or https only. */
export function parseHealthUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InputError(name, value, 'an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(name, value, 'an http:// or https:// URL');
  if (url.username || url.password) {
    // fetch refuses such URLs, and the value would be printed: show it without the credentials.
    url.username = '';
    url.password = '';
    throw new InputError(
      name,
      `${url.protocol}//***@${url.host}${url.pathname}`,
      'a URL without credentials',
      'Send them as a header instead: health-headers: `Authorization: Basic …` from a secret.',
    );
  }
  return url.toString();
}

export function parseBodyPattern(name: string, value: string): RegExp | undefined {
  if (value.trim() === '') return undefined;
  try {
    return new RegExp(value.trim());
  } catch (err) {
    throw new InputError(name, value, `a JavaScript regular expression (${(err as Error).message})`);
  }
}

/** Why fetch could not get an answer, from undici's error and its cause. */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms (timeout)`;
  const code = e?.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed (${code})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `connection timed out (${code})`;
  if (code) return `connection failed (${code})`;
  return oneLine(e?.cause?.message ?? e?.message ?? String(err));
}

async function readLimited(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

export function inExpected(status: number, ranges: StatusRange[]): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}

export function httpHealthCheck(spec: HttpProbeSpec, fetchImpl: typeof fetch = fetch): HealthCheck {
  return {
    name: 'http',
    target: spec.url,
    async probe(): Promise<ProbeResult> {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      let status: number;
      let body: string;
      try {
        const res = await fetchImpl(spec.url, {
          method: 'GET',
          headers: { 'user-agent': 'dataops-actions/deploy-with-rollback', ...spec.headers },
          redirect: 'manual',
          signal: timeoutSignal(spec.timeoutMs), // AbortSignal.timeout cannot hold a timeout past 24.8 days
        });
        status = res.status;
        body = await readLimited(res.body);
      } catch (err) {
        return { outcome: 'error', latencyMs: elapsed(), detail: describeFetchError(err, spec.timeoutMs) };
      }
      const latencyMs = elapsed();
      if (!inExpected(status, spec.expectedStatuses)) {
        const excerpt = oneLine(body, 80);
        return { outcome: 'failure', latencyMs, detail: `HTTP ${status}, expected ${describeStatuses(spec.expectedStatuses)}${excerpt ? `: ${excerpt}` : ''}` };
      }
      if (spec.bodyPattern && !spec.bodyPattern.test(body)) {
        return { outcome: 'failure', latencyMs, detail: `HTTP ${status} but the body does not match /${spec.bodyPattern.source}/: ${oneLine(body, 80)}` };
      }
      return { outcome: 'success', latencyMs, detail: `HTTP ${status}` };
    },
  };
}
