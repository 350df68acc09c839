/**
 * Twirp JSON wire format as the results service speaks it. The clients in @actions/cache and
 * @actions/artifact POST `application/json` bodies with proto field names (snake_case, int64 as
 * strings, wrappers such as StringValue as bare values) and JSON.parse every response body,
 * error or not: a non-JSON error body becomes a retryable SyntaxError, so errors must be JSON
 * `{code, msg}` exactly as a Twirp server writes them.
 */
import type { ServerResponse } from 'node:http';

/** Twirp error codes the fake uses, with the HTTP status the Twirp spec maps them to. */
export const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type TwirpCode = keyof typeof TWIRP_STATUS;

export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return TWIRP_STATUS[this.code];
  }
}

/** A request body as the generated clients send it: a JSON object with snake_case keys. */
export type TwirpRequest = Record<string, unknown>;

export function writeTwirpJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeTwirpError(res: ServerResponse, error: TwirpError): void {
  writeTwirpJson(res, error.status, { code: error.code, msg: error.message });
}

/** Reads a required string field, failing the way a Twirp server validates input. */
export function requireString(req: TwirpRequest, field: string): string {
  const value = req[field];
  if (typeof value !== 'string' || value === '') throw new TwirpError('invalid_argument', `${field} is required`);
  return value;
}

export function optionalString(req: TwirpRequest, field: string): string | undefined {
  const value = req[field];
  return typeof value === 'string' ? value : undefined;
}

/** protobuf Timestamp in JSON form: RFC 3339 with a Z offset. */
export const timestampJson = (date: Date) => date.toISOString();
