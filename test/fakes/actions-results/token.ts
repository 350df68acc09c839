/**
 * ACTIONS_RUNTIME_TOKEN for the fake: an HS256 JWT shaped like the runner's.
 * - `scp` carries `Actions.Results:<runBackendId>:<jobBackendId>`: @actions/artifact decodes it
 *   (without verifying) to fill workflow_run_backend_id / workflow_job_run_backend_id.
 * - `ac` carries the cache scopes as the real token does (a JSON string of {Scope, Permission});
 *   the real cache service takes the branch scopes from the token, not from the request body,
 *   and so does the fake.
 * The fake signs with a per-server secret and checks the signature, so a stale token from
 * another fake instance fails like an expired one would (401 unauthenticated).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Permission bits of an `ac` entry: 1 read, 2 write (the runner uses 3 for the job's own ref). */
export const PERMISSION_READ = 1;
export const PERMISSION_WRITE = 2;

export interface CacheScope {
  scope: string;
  permission: number;
}

export interface TokenClaims {
  runBackendId: string;
  jobBackendId: string;
  /** Cache scopes in lookup order: the job's own ref first, then fallbacks (base/default branch). */
  scopes: CacheScope[];
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function sign(secret: Buffer, signingInput: string): string {
  return createHmac('sha256', secret).update(signingInput).digest('base64url');
}

export function createRuntimeToken(secret: Buffer, claims: TokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = b64url(
    JSON.stringify({
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vso:fake-actions-results',
      nbf: now - 60,
      iat: now - 60,
      exp: now + 6 * 3600,
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${claims.runBackendId}:${claims.jobBackendId}`,
      ac: JSON.stringify(claims.scopes.map((s) => ({ Scope: s.scope, Permission: s.permission }))),
    }),
  );
  return `${header}.${payload}.${sign(secret, `${header}.${payload}`)}`;
}

/** Verifies an `Authorization: Bearer` header; returns undefined when missing, forged or malformed. */
export function verifyRuntimeToken(secret: Buffer, authorization: string | undefined): TokenClaims | undefined {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  const parts = match?.[1].split('.');
  if (!parts || parts.length !== 3) return undefined;
  const expected = Buffer.from(sign(secret, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { scp?: string; ac?: string; exp?: number };
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return undefined;
    const results = (payload.scp ?? '').split(' ').find((s) => s.startsWith('Actions.Results:'));
    const [, runBackendId, jobBackendId] = results?.split(':') ?? [];
    const ac = JSON.parse(payload.ac ?? '[]') as { Scope: string; Permission: number }[];
    return { runBackendId: runBackendId ?? '', jobBackendId: jobBackendId ?? '', scopes: ac.map((e) => ({ scope: e.Scope, permission: e.Permission })) };
  } catch {
    return undefined;
  }
}
