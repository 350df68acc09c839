/**
 * An HTTP proxy in front of a real or fake service (the release mirror, the Pushgateway, a deploy
 * health endpoint) that injects what networks do and the service's own fakes cannot: answers that
 * never come (hang), bodies dripped a few bytes at a time, bodies cut off, dropped connections,
 * error statuses for N requests then recovery, a body replaced (invalid JSON). Requests without a
 * matching rule are passed through unchanged.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';

export type ProxyFault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Drop the connection without answering. */
  | { kind: 'reset' }
  /** Accept the request and never answer (until the proxy closes). */
  | { kind: 'hang' }
  /** The upstream answer, sent `bytes` at a time every `intervalMs` (Content-Length announced up front). */
  | { kind: 'drip'; bytes: number; intervalMs: number }
  /** The upstream status and headers, half the body, then a dropped connection. */
  | { kind: 'truncate' }
  /** The upstream status, this body instead of the real one. */
  | { kind: 'body'; body: string; contentType?: string };

export interface ProxyRule {
  match: RegExp | string;
  fault: ProxyFault;
  /** Requests this rule applies to (default: every matching request). */
  times?: number;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  fault?: ProxyFault['kind'];
  /** Bytes of the answer body sent so far (for drips: grows while it drips). */
  bytesSent: number;
}

export interface FaultProxy {
  url: string;
  requests: ProxiedRequest[];
  add(rule: ProxyRule): void;
  clear(): void;
  /** How many requests each fault kind hit so far. */
  hits(kind?: ProxyFault['kind']): number;
  /** Resolves once an answer to a path matching `match`, requested after this call, has sent at least `bytes` bytes. */
  whenDripped(match: RegExp, bytes: number): Promise<ProxiedRequest>;
  close(): Promise<void>;
}

interface ActiveRule extends ProxyRule {
  remaining: number;
}

function matches(rule: ProxyRule, path: string): boolean {
  return typeof rule.match === 'string' ? path.endsWith(rule.match) : rule.match.test(path);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The upstream's whole answer (status, headers, body). */
function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host };
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const rules: ActiveRule[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters: Array<{ match: RegExp; bytes: number; from: number; resolve: (r: ProxiedRequest) => void }> = [];
  let closing = false;

  const progress = (entry: ProxiedRequest) => {
    for (const w of [...waiters]) {
      if (requests.indexOf(entry) >= w.from && w.match.test(entry.path) && entry.bytesSent >= w.bytes) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const entry: ProxiedRequest = { method: req.method ?? 'GET', path, bytesSent: 0 };
    requests.push(entry);
    const rule = rules.find((r) => r.remaining > 0 && matches(r, path));
    if (rule) rule.remaining--;
    const fault = rule?.fault;
    entry.fault = fault?.kind;
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang') return; // the socket stays open until close()
    if (fault?.kind === 'status') {
      const text = fault.body ?? `injected ${fault.status}\n`;
      res.writeHead(fault.status, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)), ...fault.headers }).end(text);
      entry.bytesSent = Buffer.byteLength(text);
      return;
    }
    const answer = await forward(upstream, req, body);
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    if (fault?.kind === 'body') {
      const text = Buffer.from(fault.body);
      res.writeHead(answer.status, {
        ...headers,
        'content-type': fault.contentType ?? headers['content-type'] ?? 'application/json',
        'content-length': String(text.length),
      });
      res.end(text);
      entry.bytesSent = text.length;
      return;
    }
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    if (fault?.kind === 'truncate') {
      const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
      entry.bytesSent = half.length;
      res.write(half, () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === 'drip') {
      for (let at = 0; at < answer.body.length; at += fault.bytes) {
        if (closing || res.destroyed || !res.socket || res.socket.destroyed) return;
        const chunk = answer.body.subarray(at, at + fault.bytes);
        await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
        entry.bytesSent += chunk.length;
        progress(entry);
        await sleep(fault.intervalMs);
      }
      res.end();
      return;
    }
    res.end(answer.body);
    entry.bytesSent = answer.body.length;
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`fault proxy: upstream failed: ${String(err)}\n`);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    add: (rule) => void rules.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }),
    clear: () => void (rules.length = 0),
    hits: (kind) => requests.filter((r) => (kind ? r.fault === kind : r.fault !== undefined)).length,
    whenDripped: (match, bytes) => new Promise((resolve) => void waiters.push({ match, bytes, from: requests.length, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens: connections are refused at once. */
export async function refusedUrl(path = ''): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}${path}`;
}
