/**
 * Sends one small request body (a webhook message, a metrics push) with retries: 5xx, 408, 429
 * and network errors are retried with backoff, honouring Retry-After; other 4xx are not. Errors
 * name a caller-chosen label, never the URL, because webhook URLs carry their secret in the path.
 */
import { HttpClient } from '@actions/http-client';
import { ActionError } from './errors.js';
import { readResponseBody } from './http-body.js';
import { withRetries } from './retry.js';

export class HttpSendError extends ActionError {
  constructor(
    readonly label: string,
    readonly status: number,
    readonly retryAfterMs?: number,
    readonly responseText = '',
  ) {
    super(`HTTP ${status} from ${label}${responseText ? `: ${responseText}` : ''}`);
    this.name = 'HttpSendError';
  }
}

/** Retry-After as delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof HttpSendError) return err.status >= 500 || err.status === 429 || err.status === 408;
  return true;
}

export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: string;
  headers?: Record<string, string>;
  /** Names the target in logs and errors instead of its URL. */
  label: string;
  attempts?: number;
  timeoutMs?: number;
  /** Longest Retry-After we are willing to wait (ms). */
  maxDelayMs?: number;
  /** Called before each attempt with its number (1-based). */
  onAttempt?: (attempt: number) => void;
}

export interface SendResult {
  status: number;
  body: string;
  attempts: number;
}

/** Credentials in the URL (https://user:pass@host) become a Basic Authorization header. */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url };
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

export async function sendWithRetries(options: SendOptions): Promise<SendResult> {
  const { attempts = 4, timeoutMs = 10_000, maxDelayMs = 30_000 } = options;
  const { url, authorization } = splitCredentials(options.url);
  const headers = { ...options.headers, ...(authorization ? { authorization } : {}) };
  return withRetries(
    async (attempt) => {
      options.onAttempt?.(attempt);
      const client = new HttpClient('dataops-actions', [], { socketTimeout: timeoutMs, allowRetries: false, maxRetries: 0, allowRedirects: false });
      try {
        let res;
        try {
          res = await client.request(options.method, url, options.body ?? null, headers);
        } catch (err) {
          // Node's messages may quote the request path; report only the kind of failure.
          const code = (err as NodeJS.ErrnoException).code;
          const timedOut = (err as Error).message?.startsWith('Request timeout');
          throw new Error(`${options.label} unreachable (${code ?? (timedOut ? `no response within ${timeoutMs} ms` : 'network error')})`, { cause: err });
        }
        const status = res.message.statusCode ?? 0;
        const body = (await readResponseBody(res.message, options.label)).toString('utf8');
        if (status < 200 || status >= 300) {
          // The response is untrusted: one line, so nothing in it can start a workflow command.
          const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 200);
          throw new HttpSendError(options.label, status, parseRetryAfter(res.message.headers['retry-after']), excerpt);
        }
        return { status, body, attempts: attempt };
      } finally {
        client.dispose();
      }
    },
    {
      attempts,
      maxDelayMs,
      shouldRetry: isRetryable,
      retryAfterMs: (err) => (err instanceof HttpSendError ? err.retryAfterMs : undefined),
      label: options.label,
    },
  );
}
