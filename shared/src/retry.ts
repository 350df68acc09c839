/** Retries with exponential backoff and jitter, for network calls that fail transiently. */
import * as core from '@actions/core';
import { errorMessage } from './errors.js';
import { sleep } from './timers.js';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Return false for errors that will not get better (4xx, bad checksum). */
  shouldRetry?: (err: unknown) => boolean;
  /** Delay the server asked for (Retry-After), in ms, if any. */
  retryAfterMs?: (err: unknown) => number | undefined;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  label?: string;
}

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 4, baseDelayMs = Number(process.env.DATAOPS_RETRY_BASE_MS ?? 500), maxDelayMs = 30_000 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || (options.shouldRetry && !options.shouldRetry(err))) throw err;
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      const delay = Math.min(maxDelayMs, options.retryAfterMs?.(err) ?? backoff);
      options.onRetry?.(err, attempt, delay);
      core.info(`${options.label ?? 'Request'} failed (${errorMessage(err)}); retry ${attempt}/${attempts - 1} in ${Math.round(delay)} ms`);
      await sleep(delay);
    }
  }
}
