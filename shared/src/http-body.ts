/**
 * Reads a whole HTTP response body. Unlike HttpClientResponse.readBody, a connection dropped
 * mid-body rejects (a transient error the caller retries) instead of leaving a promise that never
 * settles, which would end the process with exit code 13 and no message.
 */
import type { IncomingMessage } from 'node:http';
import { ActionError } from './errors.js';

export class ResponseTooLargeError extends ActionError {
  constructor(label: string, maxBytes: number) {
    super(`Response from ${label} is larger than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** `label` names the source in errors (a URL, or a name when the URL carries a secret). */
export function readResponseBody(message: IncomingMessage, label: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        message.destroy();
        reject(new ResponseTooLargeError(label, maxBytes));
      } else chunks.push(chunk);
    });
    message.on('error', (err) => reject(new Error(`Truncated response from ${label}: got ${size} bytes (${err.message})`, { cause: err })));
    message.on('close', () => {
      if (message.complete) resolve(Buffer.concat(chunks));
      else reject(new Error(`Truncated response from ${label}: the connection closed after ${size} bytes`));
    });
  });
}
