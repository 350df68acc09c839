/**
 * A local Slack-compatible incoming-webhook receiver. It answers with a scripted sequence of
 * responses (e.g. 429 with Retry-After, then 200 "ok", as Slack does) and records every request.
 * Only the secret path given at start is accepted; anything else is a 404 like a revoked hook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: any;
}

export interface WebhookReceiver {
  /** The full webhook URL, secret path included. */
  url: string;
  secretPath: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(script: ScriptedResponse[] = [], secretPath = '/services/T000/B000/s3cr3tWebhookToken'): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue = [...script];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json });
      if (req.url !== secretPath) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
        return;
      }
      const next = queue.shift() ?? { status: 200, body: 'ok' };
      res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers }).end(next.body ?? (next.status === 200 ? 'ok' : 'error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${secretPath}`,
    secretPath,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
