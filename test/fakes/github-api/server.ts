/**
 * A fake api.github.com for tests: point GITHUB_API_URL at `url` and run an action. Every request is
 * checked against GitHub's official OpenAPI description (operation, path and query parameters, JSON
 * body, Authorization); a request GitHub's description does not allow is recorded in `violations`
 * and refused the way GitHub refuses it, so the action under test sees the failure. Every answer is
 * checked against the documented response schema; a mismatch is a bug in the fake (`fakeErrors`).
 */
import http, { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSpec, matchRoute, validateParameters, validateRequestBody, validateResponse, type Operation } from './openapi.js';
import { FakeGitHubState, type RepoData, type StateOptions } from './state.js';
import { Faults, type ActiveFault, type FaultKind } from './faults.js';
import { acceptedPermissionsHeader, isPermitted } from './permissions.js';
import { GitHubError, ROUTES, type RouteContext, type RouteResult } from './routes.js';
import { Renderer } from './templates.js';

export { FakeGitHubState, GITHUB_ACTIONS_BOT, fakeSha } from './state.js';
export type { FakeUser, TokenPermissions, PermissionLevel, DiffEntryInput } from './state.js';
export type { FaultSpec, FaultKind, ActiveFault } from './faults.js';

export interface FakeGitHubApiOptions extends StateOptions {
  /** Stands in for https://github.com in `html_url` fields (GITHUB_SERVER_URL). */
  serverUrl?: string;
  /** `x-ratelimit-limit` per token (default 5000). Informational: running out does not block. */
  rateLimit?: number;
}

export interface LoggedRequest {
  method: string;
  /** The path as requested (a `/repositories/{id}/...` alias stays as sent). */
  path: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  operationId?: string;
  /** The status answered (undefined while in flight or when the connection was dropped). */
  status?: number;
  fault?: FaultKind;
  violations: string[];
}

export interface FakeGitHubApi {
  /** `http://127.0.0.1:<port>`: use as GITHUB_API_URL. */
  url: string;
  state: FakeGitHubState;
  requests: LoggedRequest[];
  /** Requests GitHub's description does not allow (the caller's bugs). */
  violations: string[];
  /** Answers of the fake that do not match GitHub's description (the fake's bugs). */
  fakeErrors: string[];
  faults: Faults;
  /** The REST description version served (`info.version` of @octokit/openapi) and where it came from. */
  spec: { version: string; source: string };
  /** The logged requests of one operation, e.g. `requestsFor('issues/create-comment')`. */
  requestsFor(operationId: string): LoggedRequest[];
  close(): Promise<void>;
}

/** The API versions GitHub accepts in `X-GitHub-Api-Version`; the description served is the 2022-11-28 one. */
const API_VERSIONS = ['2022-11-28', '2026-03-10'];
const DEFAULT_API_VERSION = '2022-11-28';
const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; text: string };
}

/** Throws listing every violation and fake error: call it at the end of a test. */
export function expectNoViolations(api: Pick<FakeGitHubApi, 'violations' | 'fakeErrors'>): void {
  const problems = [...api.violations.map((v) => `violation: ${v}`), ...api.fakeErrors.map((e) => `fake error: ${e}`)];
  if (problems.length) throw new Error(`The fake GitHub API saw ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
}

export async function startFakeGitHubApi(options: FakeGitHubApiOptions = {}): Promise<FakeGitHubApi> {
  const spec = loadSpec();
  const state = new FakeGitHubState(options);
  const faults = new Faults();
  const requests: LoggedRequest[] = [];
  const violations: string[] = [];
  const fakeErrors: string[] = [];
  const rateLimit = options.rateLimit ?? 5000;
  const rateLimitReset = Math.floor(Date.now() / 1000) + 3600;
  const used = new Map<string, number>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      fakeErrors.push(`unhandled error for ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) send(res, { status: 500, body: { message: 'fake GitHub API crashed', documentation_url: 'https://docs.github.com/rest' } }, {});
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Requests can only arrive after listen() resolved, so handlers never see `render` uninitialised.
  const render = new Renderer(url, (options.serverUrl ?? 'https://github.com').replace(/\/$/, ''));

  function standardHeaders(token: string | undefined, version: string | undefined, operation?: Operation, integration = false): Record<string, string> {
    const key = token ?? '';
    const count = (used.get(key) ?? 0) + 1;
    used.set(key, count);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      server: 'github.com',
      'x-github-request-id': requestId(),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': version && API_VERSIONS.includes(version) ? version : DEFAULT_API_VERSION,
      'x-ratelimit-limit': String(rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, rateLimit - count)),
      'x-ratelimit-reset': String(rateLimitReset),
      'x-ratelimit-used': String(count),
      'x-ratelimit-resource': 'core',
    };
    // GitHub names the needed permissions on every answer to a fine-grained (integration) token.
    const accepted = operation && integration ? acceptedPermissionsHeader(operation.operationId) : undefined;
    if (accepted) headers['x-accepted-github-permissions'] = accepted;
    return headers;
  }

  function errorReply(status: number, message: string, docsUrl: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply {
    return { status, body: { message, ...extra, documentation_url: docsUrl, status: String(status) }, headers };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const requestUrl = new URL(req.url ?? '/', url);
    const rawBody = await readBody(req);
    const entry: LoggedRequest = {
      method,
      path: requestUrl.pathname,
      query: queryObject(requestUrl.searchParams),
      headers: req.headers,
      body: parseMaybe(rawBody),
      violations: [],
    };
    requests.push(entry);
    const label = `${method} ${requestUrl.pathname}${requestUrl.search}`;
    const violate = (messages: string[]) => {
      for (const m of messages) {
        entry.violations.push(m);
        violations.push(`${label}${entry.operationId ? ` (${entry.operationId})` : ''}: ${m}`);
      }
    };
    const auth = parseAuthorization(req.headers.authorization);
    const version = header(req, 'x-github-api-version');
    const reply = (r: Reply, operation?: Operation, integration = false) => {
      entry.status = r.status;
      send(res, r, { ...standardHeaders(auth.token, version, operation, integration), ...r.headers });
    };

    // Link headers name repositories by id: `/repositories/1296269/issues/7/comments?page=2`.
    let pathname = requestUrl.pathname;
    const alias = /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname);
    if (alias) {
      const byId = state.repoById(Number(alias[1]));
      if (!byId) return reply(errorReply(404, 'Not Found', 'https://docs.github.com/rest'));
      pathname = `/repos/${byId.owner.login}/${byId.name}${alias[2] ?? ''}`;
    }

    const route = matchRoute(method, pathname);
    if (route.kind !== 'operation') {
      violate([
        route.kind === 'method-not-allowed'
          ? `${method} is not an operation of this path in GitHub's REST API (it has ${route.allowed.join(', ')})`
          : `no operation in GitHub's REST API description matches ${method} ${pathname} (or it is not in scripts/slim-openapi.mjs's OPERATIONS)`,
      ]);
      return reply(errorReply(404, 'Not Found', 'https://docs.github.com/rest'));
    }
    const { operation, pathParams } = route;
    entry.operationId = operation.operationId;

    // Authentication: GitHub answers 401 before looking at anything else.
    if (!auth.present) {
      violate(['no Authorization header (expected `token <token>` or `Bearer <token>`)']);
      return reply(errorReply(401, 'Requires authentication', operation.docsUrl));
    }
    if (!auth.token) {
      violate([`Authorization header is not \`token <token>\` or \`Bearer <token>\`: ${JSON.stringify(redact(req.headers.authorization ?? ''))}`]);
      return reply(errorReply(401, 'Bad credentials', 'https://docs.github.com/rest'));
    }
    if (version !== undefined && !API_VERSIONS.includes(version)) {
      violate([`X-GitHub-Api-Version ${JSON.stringify(version)} is not a supported API version (${API_VERSIONS.join(', ')})`]);
      return reply(errorReply(400, `API version '${version}' is not supported.`, 'https://docs.github.com/rest/overview/api-versions'));
    }

    // The request against the description: parameters, then the body.
    const problems: string[] = [];
    let body: unknown;
    const hasBody = rawBody.length > 0;
    if (hasBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        violate(['request body is not valid JSON']);
        return reply(errorReply(400, 'Problems parsing JSON', operation.docsUrl));
      }
      const contentType = header(req, 'content-type') ?? '';
      if (!/json/i.test(contentType)) problems.push(`request body is sent with content-type ${JSON.stringify(contentType)}, not application/json`);
    }
    const params = validateParameters(operation, pathParams, requestUrl.searchParams);
    problems.push(...params.violations);
    if (operation.requestBody) {
      problems.push(...validateRequestBody(operation, body, hasBody));
    } else if (hasBody && !(body && typeof body === 'object' && Object.keys(body).length === 0)) {
      problems.push(`${operation.operationId} takes no request body, but got ${truncate(rawBody)}`);
    }
    if (problems.length) {
      violate(problems);
      return reply(errorReply(422, `Invalid request.\n\n${problems.join('\n')}`, operation.docsUrl), operation);
    }

    // The repository, then what the token may do in it.
    let repo: RepoData | undefined;
    if (typeof pathParams.owner === 'string' && typeof pathParams.repo === 'string') {
      repo = state.findRepo(pathParams.owner, pathParams.repo);
      if (!repo) return reply(errorReply(404, 'Not Found', operation.docsUrl), operation);
    }
    const tokenData = state.token(auth.token);
    const integration = tokenData.permissions !== undefined;
    if (integration && !isPermitted(operation.operationId, tokenData.permissions!)) {
      return reply(errorReply(403, 'Resource not accessible by integration', operation.docsUrl), operation, integration);
    }

    // Injected faults, in the order they were added.
    const fault = faults.take({ method, path: requestUrl.pathname, operationId: operation.operationId, template: operation.path });
    let corrupt: ActiveFault | undefined;
    if (fault) {
      entry.fault = fault.kind;
      const outcome = await applyFault(fault, req, operation, auth.token, integration);
      if (outcome === 'dropped') return;
      if (outcome && outcome !== 'continue') return reply({ ...outcome, headers: { ...outcome.headers, ...fault.headers } }, operation, integration);
      if (fault.kind === 'truncated' || fault.kind === 'invalid-json') corrupt = fault;
    }

    const handler = ROUTES[operation.operationId];
    if (!handler) {
      fakeErrors.push(`${label}: ${operation.operationId} is in openapi.slim.json but routes.ts has no handler for it`);
      return reply(errorReply(501, `The fake GitHub API does not implement ${operation.operationId}`, operation.docsUrl), operation, integration);
    }
    const ctx: RouteContext = {
      state,
      render,
      operation,
      params: { ...params.values },
      query: requestUrl.searchParams,
      body,
      user: tokenData.user,
      integration,
      repo,
      repoSubpath: repo ? pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '') : pathname,
      accept: header(req, 'accept') ?? '',
    };
    let result: RouteResult;
    try {
      result = handler(ctx);
    } catch (err) {
      if (!(err instanceof GitHubError)) throw err;
      result = errorReply(err.status, err.message, operation.docsUrl, err.extra, err.headers);
    }
    if (!result.raw) {
      const wrong = validateResponse(operation, result.status, result.body);
      if (wrong.length) {
        fakeErrors.push(`${label} (${operation.operationId}): the fake's answer does not match GitHub's description:\n  ${wrong.join('\n  ')}`);
        return reply(
          errorReply(500, `fake GitHub API bug: its ${operation.operationId} answer does not match the description`, operation.docsUrl),
          operation,
          integration,
        );
      }
    }
    if (corrupt) {
      entry.status = result.status;
      return sendCorrupt(
        res,
        corrupt,
        { status: result.status, body: result.body },
        { ...standardHeaders(auth.token, version, operation, integration), ...result.headers },
      );
    }
    return reply(result, operation, integration);
  }

  /** A reply that replaces the real answer, 'continue' to answer normally (after a delay), or 'dropped'. */
  async function applyFault(
    fault: ActiveFault,
    req: IncomingMessage,
    operation: Operation,
    token: string,
    integration: boolean,
  ): Promise<Reply | 'continue' | 'dropped' | undefined> {
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.ms ?? 1000);
        return 'continue';
      case 'reset':
        req.socket.destroy();
        return 'dropped';
      case 'truncated':
      case 'invalid-json':
        return 'continue';
      case 'status': {
        const status = fault.status ?? 500;
        if (fault.body !== undefined)
          return typeof fault.body === 'string' ? { status, raw: { contentType: 'text/html; charset=utf-8', text: fault.body } } : { status, body: fault.body };
        return errorReply(status, STATUS_CODES[status] ?? 'Error', operation.docsUrl);
      }
      case 'secondary-rate-limit': {
        const status = fault.status ?? 403;
        const reply = errorReply(
          status,
          `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`,
          `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
        );
        return { ...reply, headers: { 'retry-after': String(fault.retryAfter ?? 1) } };
      }
      case 'primary-rate-limit': {
        const status = fault.status ?? 403;
        const who = integration ? 'installation ID 1' : `user ID ${state.token(token).user.id}`;
        const reply = errorReply(
          status,
          `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`,
          `${RATE_LIMIT_DOCS}#about-primary-rate-limits`,
        );
        const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 1);
        return { ...reply, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': String(rateLimit), 'x-ratelimit-reset': String(reset) } };
      }
    }
  }

  return {
    url,
    state,
    requests,
    violations,
    fakeErrors,
    faults,
    spec: { version: spec.version, source: spec.source },
    requestsFor: (operationId) => requests.filter((r) => r.operationId === operationId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections from octokit's agent would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  if (reply.status === 204 || reply.status === 304) {
    const { 'content-type': _ignored, ...rest } = headers;
    res.writeHead(reply.status, rest);
    res.end();
    return;
  }
  const text = reply.raw ? reply.raw.text : JSON.stringify(reply.body ?? {});
  const contentType = reply.raw ? reply.raw.contentType : headers['content-type']!;
  res.writeHead(reply.status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** `truncated`: promise the whole body, send half, drop the connection. `invalid-json`: a complete but cut-off JSON text. */
function sendCorrupt(res: ServerResponse, fault: ActiveFault, reply: Reply, headers: Record<string, string>): void {
  const full = Buffer.from(JSON.stringify(reply.body ?? {}));
  const half = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
  if (fault.kind === 'invalid-json') {
    res.writeHead(reply.status, { ...headers, 'content-length': String(half.length) });
    res.end(half);
    return;
  }
  res.writeHead(reply.status, { ...headers, 'content-length': String(full.length) });
  res.write(half, () => res.socket?.destroy());
}

function requestId(): string {
  // GitHub's look: five colon-separated upper-case hex groups.
  const hex = randomBytes(16).toString('hex').toUpperCase();
  return [hex.slice(0, 4), hex.slice(4, 8), hex.slice(8, 15), hex.slice(15, 22), hex.slice(22, 30)].join(':');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseAuthorization(value: string | undefined): { present: boolean; token?: string } {
  if (!value) return { present: false };
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(value);
  return { present: true, token: m?.[1] };
}

function redact(value: string): string {
  return value.replace(/(\S+\s+)?(\S{4})\S*/, (_all, scheme: string | undefined, start: string) => `${scheme ?? ''}${start}…`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseMaybe(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const all = query.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
