import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadFile, fetchText, HttpStatusError, VerificationError } from '#shared/download.js';

process.env.DATAOPS_RETRY_BASE_MS = '5';
const body = Buffer.from('terraform binary bytes '.repeat(1000));
const sha = createHash('sha256').update(body).digest('hex');

type Behaviour = (res: import('node:http').ServerResponse) => void;
let server: Server;
let base: string;
let plan: Behaviour[] = [];
let hits = 0;
const ok: Behaviour = (res) => res.writeHead(200, { 'content-length': body.length }).end(body);

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    (plan.shift() ?? ok)(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  plan = [];
  hits = 0;
});

const dest = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'dl-')), 'tool.zip');
const leftovers = (file: string) => readdirSync(path.dirname(file));

test('downloads and verifies the checksum', async () => {
  const file = dest();
  const result = await downloadFile(`${base}/tool.zip`, file, { sha256: sha });
  expect(result).toEqual({ path: file, bytes: body.length, sha256: sha });
  expect(readFileSync(file).equals(body)).toBe(true);
});

test('5xx is retried until it succeeds', async () => {
  plan = [(res) => res.writeHead(500).end(), (res) => res.writeHead(503).end()];
  const file = dest();
  await downloadFile(`${base}/tool.zip`, file, { sha256: sha });
  expect(hits).toBe(3);
  expect(readFileSync(file).equals(body)).toBe(true);
});

test('a truncated body is retried and never left behind', async () => {
  plan = [
    (res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 100));
      res.destroy();
    },
  ];
  const file = dest();
  await downloadFile(`${base}/tool.zip`, file, { sha256: sha });
  expect(hits).toBe(2);
  expect(leftovers(file)).toEqual(['tool.zip']);
});

test('a checksum mismatch fails at once and leaves no file', async () => {
  const file = dest();
  await expect(downloadFile(`${base}/tool.zip`, file, { sha256: 'f'.repeat(64) })).rejects.toThrow(VerificationError);
  expect(hits).toBe(1);
  expect(existsSync(file)).toBe(false);
  expect(leftovers(file)).toEqual([]);
});

test('404 is not retried', async () => {
  plan = [(res) => res.writeHead(404).end('not found')];
  const file = dest();
  await expect(downloadFile(`${base}/missing.zip`, file)).rejects.toEqual(expect.objectContaining({ status: 404 }));
  expect(hits).toBe(1);
  expect(leftovers(file)).toEqual([]);
});

test('gives up after the attempts with the last error', async () => {
  plan = Array.from({ length: 3 }, () => (res: import('node:http').ServerResponse) => res.writeHead(502).end());
  await expect(downloadFile(`${base}/x`, dest(), { attempts: 3 })).rejects.toBeInstanceOf(HttpStatusError);
  expect(hits).toBe(3);
});

test('fetchText retries a 500 and returns the body', async () => {
  plan = [(res) => res.writeHead(500).end()];
  expect(await fetchText(`${base}/index.json`)).toBe(body.toString());
});
