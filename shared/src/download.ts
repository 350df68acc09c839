/**
 * Streaming downloads with retries, verified while streaming (size and SHA-256), written to a
 * temporary file that is renamed into place only when complete: an interrupted or tampered
 * download never leaves a file behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpClient } from '@actions/http-client';
import { ActionError } from './errors.js';
import { readResponseBody, ResponseTooLargeError } from './http-body.js';
import { withRetries } from './retry.js';

export class HttpStatusError extends ActionError {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`HTTP ${status} from ${url}`);
    this.name = 'HttpStatusError';
  }
}

export class VerificationError extends ActionError {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationError';
  }
}

export interface DownloadOptions {
  /** Expected lowercase hex SHA-256; a mismatch fails without retrying. */
  sha256?: string;
  /** Refuse bodies larger than this (bytes). */
  maxBytes?: number;
  attempts?: number;
  timeoutMs?: number;
  headers?: Record<string, string>;
  onRetry?: () => void;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
}

/** 5xx, 429, timeouts and dropped connections are worth retrying; 4xx and bad checksums are not. */
export function isTransient(err: unknown): boolean {
  if (err instanceof HttpStatusError) return err.status >= 500 || err.status === 429 || err.status === 408;
  if (err instanceof VerificationError || err instanceof ResponseTooLargeError) return false;
  return true;
}

function client(timeoutMs: number): HttpClient {
  return new HttpClient('dataops-actions', [], { socketTimeout: timeoutMs, allowRetries: false, maxRetries: 0 });
}

/** GET a small text body (an index, a checksum file) with retries. */
export async function fetchText(url: string, options: Omit<DownloadOptions, 'sha256'> = {}): Promise<string> {
  const { attempts = 4, timeoutMs = 60_000, maxBytes = 64 * 1024 * 1024 } = options;
  return withRetries(
    async () => {
      const res = await client(timeoutMs).get(url, options.headers);
      const status = res.message.statusCode ?? 0;
      if (status !== 200) {
        res.message.resume();
        throw new HttpStatusError(url, status);
      }
      const expected = Number(res.message.headers['content-length']);
      const bytes = await readResponseBody(res.message, url, maxBytes);
      if (Number.isFinite(expected) && bytes.length !== expected) {
        throw new Error(`Truncated response from ${url}: ${bytes.length} of ${expected} bytes`);
      }
      return bytes.toString('utf8');
    },
    { attempts, shouldRetry: isTransient, onRetry: options.onRetry, label: `GET ${url}` },
  );
}

/** Downloads url to dest (created atomically), verifying size and checksum while streaming. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const { attempts = 4, timeoutMs = 120_000, maxBytes = 2 * 1024 * 1024 * 1024 } = options;
  await mkdir(path.dirname(dest), { recursive: true });
  return withRetries(
    async () => {
      const tmp = `${dest}.${randomUUID()}.part`;
      try {
        const res = await client(timeoutMs).get(url, options.headers);
        const status = res.message.statusCode ?? 0;
        if (status !== 200) {
          res.message.resume();
          throw new HttpStatusError(url, status);
        }
        const expected = Number(res.message.headers['content-length']);
        const hash = createHash('sha256');
        let bytes = 0;
        const meter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            if (bytes > maxBytes) return done(new VerificationError(`Download of ${url} exceeds ${maxBytes} bytes`));
            hash.update(chunk);
            done(null, chunk);
          },
        });
        try {
          await pipeline(res.message, meter, createWriteStream(tmp, { flags: 'wx' }));
        } catch (err) {
          // A connection dropped mid-body surfaces as a bare "aborted": say what happened.
          if (err instanceof VerificationError || res.message.complete) throw err;
          throw new Error(`Truncated download of ${url}: got ${bytes} of ${Number.isFinite(expected) ? expected : '?'} bytes (${(err as Error).message})`, {
            cause: err,
          });
        }
        if (!res.message.complete || (Number.isFinite(expected) && bytes !== expected)) {
          throw new Error(`Truncated download of ${url}: got ${bytes} of ${Number.isFinite(expected) ? expected : '?'} bytes`);
        }
        const sha256 = hash.digest('hex');
        if (options.sha256 && sha256 !== options.sha256.toLowerCase()) {
          throw new VerificationError(`Checksum mismatch for ${path.basename(dest)}: expected SHA-256 ${options.sha256}, got ${sha256}`);
        }
        await rename(tmp, dest);
        return { path: dest, bytes, sha256 };
      } finally {
        await rm(tmp, { force: true });
      }
    },
    { attempts, shouldRetry: isTransient, onRetry: options.onRetry, label: `Download ${url}` },
  );
}
