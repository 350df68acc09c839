/**
 * A local stand-in for GitHub's Actions "results" service, for running @actions/cache (cache
 * service v2) and @actions/artifact (artifacts v2) for real in a child process:
 *
 *   const fake = await startFakeActionsResults({ ref: 'refs/heads/feature' });
 *   spawn(node24, [script], { env: { ...runnerEnv, ...fake.env } });
 *   expect(fake.caches).toEqual([...]); await fake.close();
 *
 * One HTTP server serves both the Twirp RPCs (`/twirp/github.actions.results.api.v1.*`) and the
 * blob storage the signed URLs point at (`/<account>/...`), so one URL + one token is the whole setup.
 * Cache scoping follows the runtime token, as on GitHub: `env` is for the job's `ref` (read/write)
 * with the default branch as a read-only fallback; `envFor()` mints tokens for other refs or jobs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArtifactService, unzipEntries } from './artifact-service.js';
import { BlobError, BlobStore, STORAGE_ACCOUNT, writeBlobError } from './blob-store.js';
import { CacheService, type CacheEntry } from './cache-service.js';
import { FaultRegistry, type Fault, type FaultKind, type FaultSpec } from './faults.js';
import { createRuntimeToken, PERMISSION_READ, PERMISSION_WRITE, verifyRuntimeToken, type CacheScope } from './token.js';
import { TwirpError, writeTwirpError, writeTwirpJson, type TwirpRequest } from './twirp.js';

export type { Fault, FaultKind, FaultSpec } from './faults.js';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.';

export interface FakeActionsResultsOptions {
  /** The job's ref: saves go to this cache scope. Default `refs/heads/main`. */
  ref?: string;
  /** The repository's default branch, readable (after `ref`) by every job. Default `refs/heads/main`. */
  defaultBranch?: string;
  /** More read-only scopes searched between `ref` and the default branch, e.g. a pull request's base branch. */
  restoreScopes?: string[];
  /** Ids the artifact client reads from the token's `Actions.Results:<run>:<job>` scope. Default: random UUIDs. */
  runBackendId?: string;
  jobBackendId?: string;
  /** Listen port (default: any free port on 127.0.0.1). */
  port?: number;
}

/** Who a minted token is for; unspecified fields default to the server's options. */
export interface TokenOptions {
  ref?: string;
  restoreScopes?: string[];
  /** The job's own ref readable but not writable (as for untrusted triggers): saves get `cache write denied:`. */
  readOnly?: boolean;
  /** Another job of the same run (artifacts are per run, so it sees the run's artifacts). */
  jobBackendId?: string;
}

export interface RequestRecord {
  at: Date;
  method: string;
  /** URL path without the query. */
  path: string;
  /** Query parameters; `sig` is redacted. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  kind: 'cache' | 'artifact' | 'blob' | 'unknown';
  /** Twirp method name, e.g. `CreateCacheEntry`. */
  rpc?: string;
  /** Parsed Twirp request body (snake_case as sent). */
  body?: unknown;
  /** Request body size in bytes. */
  bytes: number;
  /** Response status; undefined when the connection was reset. */
  status?: number;
  /** Set when an injected fault or the unavailable switch decided the outcome. */
  fault?: FaultKind | 'unavailable';
}

export interface FakeCacheEntry {
  id: number;
  key: string;
  version: string;
  scope: string;
  size: number;
  createdAt: Date;
  lastAccessedAt?: Date;
  /** The uploaded archive (tar + zstd or gzip), as stored. */
  archive(): Buffer;
}

export interface FakeArtifact {
  id: number;
  name: string;
  size: number;
  /** `sha256:<hex>` of the uploaded bytes, as the client reported at finalize. */
  digest?: string;
  mimeType: string;
  fileName: string;
  runBackendId: string;
  jobBackendId: string;
  createdAt: Date;
  expiresAt?: Date;
  /** The uploaded bytes: a zip, or the raw file for skipArchive uploads. */
  bytes(): Buffer;
  /** The zip's files by path inside the archive (throws for non-zip uploads). */
  files(): Promise<Record<string, Buffer>>;
}

export interface FakeActionsResults {
  /** Base URL with a trailing slash, as the runner sets ACTIONS_RESULTS_URL. */
  url: string;
  /** Everything a child process needs for both libraries (merge over the runner variables). */
  env: Record<string, string>;
  /** The same variables with a token for another ref / scope set / job. */
  envFor(options: TokenOptions): Record<string, string>;
  /** Finalized cache entries, oldest first (reservations that never finalized are not listed, as on GitHub). */
  readonly caches: FakeCacheEntry[];
  /** Finalized artifacts, oldest first. */
  readonly artifacts: FakeArtifact[];
  /** Every request received, in arrival order. */
  readonly requests: RequestRecord[];
  faults: { add(spec: FaultSpec): Fault; clear(): void };
  /**
   * Service outage: `reset` (default) drops every connection, which both libraries report at once
   * (NetworkError, no retry); `status` answers 503, which they retry for ~25 s before giving up.
   */
  setUnavailable(unavailable: boolean, mode?: 'reset' | 'status'): void;
  /** Deletes cache entries (all, or those matching), as `gh cache delete` would; returns the count. */
  deleteCaches(match?: (entry: FakeCacheEntry) => boolean): number;
  close(): Promise<void>;
}

export async function startFakeActionsResults(options: FakeActionsResultsOptions = {}): Promise<FakeActionsResults> {
  const secret = randomBytes(32);
  const ref = options.ref ?? 'refs/heads/main';
  const defaultBranch = options.defaultBranch ?? 'refs/heads/main';
  const runBackendId = options.runBackendId ?? randomUUID();
  const jobBackendId = options.jobBackendId ?? randomUUID();

  let origin = '';
  const blobs = new BlobStore(secret, () => origin);
  const cacheService = new CacheService(blobs);
  const artifactService = new ArtifactService(blobs);
  const faults = new FaultRegistry();
  const requests: RequestRecord[] = [];
  let outage: 'reset' | 'status' | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record = describe(req, url, body);
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));

    if (outage) {
      record.fault = 'unavailable';
      if (outage === 'reset') return void req.socket.destroy();
      return fail(req, res, record, 503);
    }
    const fault = faults.take(record.method, url.pathname + url.search);
    if (fault) {
      record.fault = fault.spec.kind;
      if (fault.spec.kind === 'reset') return void req.socket.destroy();
      if (fault.spec.kind === 'status') return fail(req, res, record, fault.spec.status ?? 500);
      await new Promise((resolve) => setTimeout(resolve, fault.spec.delayMs ?? 1000));
    }

    if (record.kind === 'blob') return blobs.handle(req, res, url, body);
    if (record.kind === 'unknown') return writeTwirpError(res, unknownRoute(url.pathname));
    try {
      if (req.method !== 'POST') throw new TwirpError('bad_route', `unsupported method ${req.method} (only POST is allowed)`);
      const claims = verifyRuntimeToken(secret, req.headers.authorization);
      if (!claims) throw new TwirpError('unauthenticated', 'invalid or missing ACTIONS_RUNTIME_TOKEN');
      if (!(record.body && typeof record.body === 'object')) throw new TwirpError('malformed', 'the request body is not a JSON object');
      const service = record.kind === 'cache' ? cacheService : artifactService;
      writeTwirpJson(res, 200, service.call(record.rpc ?? '', record.body as TwirpRequest, claims));
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error;
      writeTwirpError(res, error);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake: answer 500 so the client fails visibly, and keep the server up.
      if (!res.headersSent) writeTwirpError(res, new TwirpError('internal', `fake-actions-results: ${String(error)}`));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/`;

  const envFor = (token: TokenOptions): Record<string, string> => {
    const ownRef = token.ref ?? ref;
    const fallbacks = [...(token.restoreScopes ?? options.restoreScopes ?? []), defaultBranch].filter((s) => s !== ownRef);
    const scopes: CacheScope[] = [
      { scope: ownRef, permission: token.readOnly ? PERMISSION_READ : PERMISSION_READ | PERMISSION_WRITE },
      ...[...new Set(fallbacks)].map((scope) => ({ scope, permission: PERMISSION_READ })),
    ];
    return {
      ACTIONS_RESULTS_URL: url,
      ACTIONS_RUNTIME_TOKEN: createRuntimeToken(secret, { runBackendId, jobBackendId: token.jobBackendId ?? jobBackendId, scopes }),
      // Without it @actions/cache uses the v1 REST protocol (/_apis/artifactcache), which this fake does not serve.
      ACTIONS_CACHE_SERVICE_V2: 'True',
      // Both libraries treat hosts other than github.com, *.ghe.com, *.localhost as GHES: cache drops to v1, artifact throws.
      GITHUB_SERVER_URL: 'https://github.com',
    };
  };

  return {
    url,
    env: envFor({}),
    envFor,
    get caches() {
      return cacheService
        .list()
        .filter((e) => e.finalized)
        .map((e) => cacheView(e, cacheService));
    },
    get artifacts() {
      return artifactService
        .list()
        .filter((a) => a.finalized)
        .map(({ blobPath, finalized: _finalized, ...a }) => {
          const bytes = () => artifactService.bytes({ blobPath }) ?? Buffer.alloc(0);
          return { ...a, bytes, files: () => unzipEntries(bytes()) };
        });
    },
    get requests() {
      return [...requests];
    },
    faults: { add: (spec) => faults.add(spec), clear: () => faults.clear() },
    setUnavailable(unavailable, mode = 'reset') {
      outage = unavailable ? mode : undefined;
    },
    deleteCaches(match = () => true) {
      return cacheService.delete((e) => e.finalized && match(cacheView(e, cacheService)));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function cacheView(entry: CacheEntry, service: CacheService): FakeCacheEntry {
  const { blobPath, finalized: _finalized, ...fields } = entry;
  return { ...fields, archive: () => service.archive({ blobPath }) ?? Buffer.alloc(0) };
}

function describe(req: IncomingMessage, url: URL, body: Buffer): RequestRecord {
  const query = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, k === 'sig' ? '***' : v]));
  const record: RequestRecord = {
    at: new Date(),
    method: req.method ?? 'GET',
    path: url.pathname,
    query,
    headers: req.headers,
    kind: 'unknown',
    bytes: body.length,
  };
  const twirp = url.pathname.startsWith(TWIRP_PREFIX) ? /^(CacheService|ArtifactService)\/(\w+)$/.exec(url.pathname.slice(TWIRP_PREFIX.length)) : null;
  if (twirp) {
    record.kind = twirp[1] === 'CacheService' ? 'cache' : 'artifact';
    record.rpc = twirp[2];
    try {
      record.body = JSON.parse(body.toString('utf8'));
    } catch {
      record.body = undefined;
    }
  } else if (url.pathname.startsWith(`/${STORAGE_ACCOUNT}/`)) {
    record.kind = 'blob';
  }
  return record;
}

/** An injected or outage status, shaped like the endpoint's real errors so the clients parse them. */
function fail(req: IncomingMessage, res: ServerResponse, record: RequestRecord, status: number): void {
  if (record.kind === 'blob') {
    const code = status === 503 ? 'ServerBusy' : status >= 500 ? 'InternalError' : 'InjectedFault';
    return writeBlobError(req, res, new BlobError(status, code, `fake-actions-results: injected ${status}`));
  }
  const code = status === 503 ? 'unavailable' : status === 429 ? 'resource_exhausted' : status >= 500 ? 'internal' : 'invalid_argument';
  writeTwirpJson(res, status, { code, msg: `fake-actions-results: injected ${status}` });
}

function unknownRoute(path: string): TwirpError {
  if (path.startsWith('/_apis/artifactcache')) {
    return new TwirpError(
      'bad_route',
      'cache service v1 is not implemented by the fake: set ACTIONS_CACHE_SERVICE_V2 and GITHUB_SERVER_URL=https://github.com',
    );
  }
  return new TwirpError('bad_route', `no handler for path "${path}"`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
