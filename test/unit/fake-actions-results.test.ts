/**
 * The fake results service must satisfy the real clients, so these tests run @actions/cache and
 * @actions/artifact unmodified in a Node 24 child (test/fakes/actions-results/probe/probe.mjs) against
 * it, the way our actions will, and then check both what the libraries saw and what the fake recorded.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { node24, repoRoot } from '../harness/paths.js';
import { parseWorkflowCommands } from '../harness/workflow-commands.js';
import { startFakeActionsResults, type FakeActionsResults } from '../fakes/actions-results/server.js';

const probeScript = path.join(repoRoot, 'test', 'fakes', 'actions-results', 'probe', 'probe.mjs');

interface ProbeResult {
  ok: boolean;
  value?: any;
  error?: { name: string; message: string };
}

interface Runner {
  root: string;
  workspace: string;
  temp: string;
}

const cleanup: string[] = [];
let fake: FakeActionsResults | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newRunner(): Runner {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fake-results-'));
  cleanup.push(root);
  const runner = { root, workspace: path.join(root, 'workspace'), temp: path.join(root, 'temp') };
  mkdirSync(runner.workspace, { recursive: true });
  mkdirSync(runner.temp, { recursive: true });
  return runner;
}

function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** Runs the probe as a step would run: Node 24, runner variables, the fake's env, cwd = workspace. */
async function probe(runner: Runner, env: Record<string, string>, ops: Record<string, unknown>[]) {
  const resultFile = path.join(runner.root, `probe-${randomBytes(4).toString('hex')}.json`);
  const child = spawn(node24, [probeScript, JSON.stringify(ops)], {
    cwd: runner.workspace,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: runner.root,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: runner.workspace,
      RUNNER_TEMP: runner.temp,
      GITHUB_RUN_ID: '4242',
      GITHUB_REPOSITORY: 'octo-org/data-repo',
      GITHUB_REF: 'refs/heads/main',
      PROBE_RESULT: resultFile,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (exitCode !== 0) throw new Error(`probe exited ${exitCode}\n${stderr}\n${stdout}`);
  const log = parseWorkflowCommands(stdout);
  return {
    results: JSON.parse(readFileSync(resultFile, 'utf8')) as ProbeResult[],
    stdout,
    warnings: log.annotations.filter((a) => a.level === 'warning').map((a) => a.message),
    errors: log.annotations.filter((a) => a.level === 'error').map((a) => a.message),
  };
}

const values = (results: ProbeResult[]) => results.map((r) => (r.ok ? r.value : `error: ${r.error?.message}`));
const read = (file: string) => readFileSync(file, 'utf8');

describe('fake actions results service: cache v2 through the real @actions/cache', () => {
  test('save, then exact / key-prefix / restore-key hits, misses on key and on version, and no overwrite', async () => {
    fake = await startFakeActionsResults();
    const payload = randomBytes(200_000);
    const saver = newRunner();
    writeFiles(saver.workspace, { 'deps/a.txt': 'alpha\n', 'deps/nested/b.bin': payload });

    const saved = await probe(saver, fake.env, [{ op: 'available' }, { op: 'save', paths: ['deps'], key: 'deps-linux-v1-abc' }]);
    expect(values(saved.results)).toEqual([true, expect.any(Number)]);
    expect(saved.results[1].value).toBeGreaterThan(0);
    expect(saved.warnings).toEqual([]);

    const [entry] = fake.caches;
    expect(fake.caches).toHaveLength(1);
    expect(entry).toMatchObject({ id: saved.results[1].value, key: 'deps-linux-v1-abc', scope: 'refs/heads/main' });
    expect(entry.version).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.size).toBe(entry.archive().length);
    // zstd is on the machine, so the archive is a zstd frame (the library falls back to gzip without it).
    expect(entry.archive().subarray(0, 4)).toEqual(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    // A small archive is one Put Blob; the finalize reports the stored size.
    const blobPut = fake.requests.find((r) => r.kind === 'blob' && r.method === 'PUT');
    expect(blobPut).toMatchObject({ status: 201, bytes: entry.size, query: { sp: 'cw', sig: '***' } });
    expect(blobPut?.headers['x-ms-blob-type']).toBe('BlockBlob');
    expect(fake.requests.find((r) => r.rpc === 'FinalizeCacheEntryUpload')?.body).toMatchObject({ key: 'deps-linux-v1-abc', size_bytes: String(entry.size) });

    const restorer = newRunner();
    const deps = path.join(restorer.workspace, 'deps');
    const restored = await probe(restorer, fake.env, [
      { op: 'restore', paths: ['deps'], key: 'deps-linux-v1-abc' },
      { op: 'rm', path: deps },
      { op: 'restore', paths: ['deps'], key: 'deps-linux-v1-zzz', restoreKeys: ['deps-linux-v2-', 'deps-linux-v1-'] },
      { op: 'restore', paths: ['deps'], key: 'deps-linux-v1' },
      { op: 'restore', paths: ['deps'], key: 'other-key', restoreKeys: ['other-'] },
      // Same key, other paths: another version, so no match (as on GitHub).
      { op: 'restore', paths: ['elsewhere'], key: 'deps-linux-v1-abc' },
      { op: 'save', paths: ['deps'], key: 'deps-linux-v1-abc' },
    ]);
    expect(values(restored.results)).toEqual(['deps-linux-v1-abc', null, 'deps-linux-v1-abc', 'deps-linux-v1-abc', null, null, -1]);
    expect(read(path.join(deps, 'a.txt'))).toBe('alpha\n');
    expect(readFileSync(path.join(deps, 'nested', 'b.bin')).equals(payload)).toBe(true);
    expect(restored.stdout).toContain('Cache hit for restore-key: deps-linux-v1-abc');
    // The existing key is a 409 the library reports as info, not as a warning.
    expect(restored.stdout).toContain('Unable to reserve cache with key deps-linux-v1-abc, another job may be creating this cache.');
    expect(restored.warnings).toEqual([]);
    expect(fake.caches).toHaveLength(1);
    expect(fake.requests.filter((r) => r.rpc === 'CreateCacheEntry').map((r) => r.status)).toEqual([200, 409]);
    // For a non-Azure host the library downloads with one plain GET (no HEAD, no ranges).
    const downloads = fake.requests.filter((r) => r.kind === 'blob' && r.method !== 'PUT');
    expect(downloads.map((r) => [r.method, r.status, r.headers['x-ms-range'] ?? r.headers.range])).toEqual(Array(3).fill(['GET', 200, undefined]));
  });

  test('scopes caches by ref: a branch reads the default branch, writes its own, and cannot see other branches', async () => {
    fake = await startFakeActionsResults({ ref: 'refs/heads/main', defaultBranch: 'refs/heads/main' });
    const main = newRunner();
    writeFiles(main.workspace, { 'out/build.txt': 'from main' });
    expect(values((await probe(main, fake.env, [{ op: 'save', paths: ['out'], key: 'build-1' }])).results)).toEqual([expect.any(Number)]);

    const feature = newRunner();
    const featureEnv = fake.envFor({ ref: 'refs/heads/feature' });
    const out = path.join(feature.workspace, 'out');
    const first = await probe(feature, featureEnv, [{ op: 'restore', paths: ['out'], key: 'build-2', restoreKeys: ['build-'] }]);
    expect(values(first.results)).toEqual(['build-1']);
    expect(read(path.join(out, 'build.txt'))).toBe('from main');

    // Same key on the feature branch is a new entry in its own scope, and is preferred there.
    writeFiles(feature.workspace, { 'out/build.txt': 'from feature' });
    const second = await probe(feature, featureEnv, [
      { op: 'save', paths: ['out'], key: 'build-1' },
      { op: 'rm', path: out },
      { op: 'restore', paths: ['out'], key: 'build-1' },
    ]);
    expect(values(second.results)).toEqual([expect.any(Number), null, 'build-1']);
    expect(read(path.join(out, 'build.txt'))).toBe('from feature');
    expect(fake.caches.map((c) => [c.key, c.scope])).toEqual([
      ['build-1', 'refs/heads/main'],
      ['build-1', 'refs/heads/feature'],
    ]);

    const other = newRunner();
    await probe(other, fake.envFor({ ref: 'refs/heads/other' }), [{ op: 'restore', paths: ['out'], key: 'build-1' }]);
    expect(read(path.join(other.workspace, 'out', 'build.txt'))).toBe('from main');

    // A read-only token (untrusted trigger) restores but cannot save: the library warns and carries on.
    const fork = newRunner();
    writeFiles(fork.workspace, { 'out/build.txt': 'from fork' });
    const denied = await probe(fork, fake.envFor({ ref: 'refs/pull/9/merge', readOnly: true }), [{ op: 'save', paths: ['out'], key: 'build-9' }]);
    expect(values(denied.results)).toEqual([-1]);
    expect(denied.warnings).toEqual([expect.stringContaining('cache write denied: token has no writable scopes')]);
    expect(fake.caches).toHaveLength(2);
  });
});

describe('fake actions results service: artifacts v2 through the real @actions/artifact', () => {
  test('upload, list, get, download, duplicate name, delete', async () => {
    fake = await startFakeActionsResults();
    const runner = newRunner();
    const outDir = path.join(runner.workspace, 'out');
    const csv = 'id,value\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * i}`).join('\n');
    writeFiles(outDir, { 'report.json': '{"rows":5000}', 'sub/data.csv': csv });
    const files = [path.join(outDir, 'report.json'), path.join(outDir, 'sub', 'data.csv')];
    const downloadDir = path.join(runner.root, 'download');

    const run = await probe(runner, fake.env, [
      { op: 'upload', name: 'report', files, root: outDir },
      { op: 'list' },
      { op: 'get', name: 'report' },
      { op: 'download', name: 'report', path: downloadDir },
      { op: 'upload', name: 'report', files, root: outDir },
    ]);
    const [upload, list, get, download, duplicate] = run.results;
    const [artifact] = fake.artifacts;
    expect(upload.value).toEqual({ id: artifact.id, size: artifact.size, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(list.value.artifacts).toEqual([
      { name: 'report', id: artifact.id, size: artifact.size, createdAt: expect.any(String), digest: `sha256:${upload.value.digest}` },
    ]);
    expect(get.value.artifact).toMatchObject({ name: 'report', id: artifact.id });
    expect(download.value).toEqual({ downloadPath: downloadDir, digestMismatch: false });
    expect(read(path.join(downloadDir, 'report.json'))).toBe('{"rows":5000}');
    expect(read(path.join(downloadDir, 'sub', 'data.csv'))).toBe(csv);
    expect(duplicate).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('(409) Conflict: an artifact with this name already exists on the workflow run') },
    });

    // What the fake holds: the zip as uploaded, its digest and files.
    expect(fake.artifacts).toHaveLength(1);
    expect(artifact).toMatchObject({ name: 'report', mimeType: 'application/zip', fileName: 'report.zip' });
    expect(artifact.digest).toBe(`sha256:${createHash('sha256').update(artifact.bytes()).digest('hex')}`);
    expect(artifact.size).toBe(artifact.bytes().length);
    const zipped = await artifact.files();
    expect(Object.keys(zipped).sort()).toEqual(['report.json', 'sub/data.csv']);
    expect(zipped['sub/data.csv'].toString()).toBe(csv);
    // uploadStream always stages blocks and commits a block list carrying the content type.
    const blobPuts = fake.requests.filter((r) => r.kind === 'blob' && r.method === 'PUT');
    expect(blobPuts.map((r) => r.query.comp)).toEqual(['block', 'blocklist']);
    expect(blobPuts[1].headers['x-ms-blob-content-type']).toBe('application/zip');

    const deleted = await probe(runner, fake.env, [{ op: 'delete', name: 'report' }, { op: 'list' }]);
    expect(values(deleted.results)).toEqual([{ id: artifact.id }, { artifacts: [] }]);
    expect(fake.artifacts).toEqual([]);
  });
});

describe('fake actions results service: outages and injected faults', () => {
  test('with the service down, restore and save warn or skip and resolve; artifact upload throws', async () => {
    fake = await startFakeActionsResults();
    const runner = newRunner();
    writeFiles(runner.workspace, { 'deps/a.txt': 'alpha' });
    fake.setUnavailable(true);
    const run = await probe(runner, fake.env, [
      { op: 'restore', paths: ['deps'], key: 'deps-1', restoreKeys: ['deps-'] },
      { op: 'save', paths: ['deps'], key: 'deps-1' },
      { op: 'upload', name: 'report', files: [path.join(runner.workspace, 'deps', 'a.txt')], root: runner.workspace },
    ]);
    const [restore, save, upload] = run.results;
    expect(restore).toEqual({ ok: true, value: null });
    expect(run.warnings).toEqual([expect.stringMatching(/^Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET/)]);
    // saveCache maps any CreateCacheEntry failure to ReserveCacheError, logged as info ("another job…").
    expect(save).toEqual({ ok: true, value: -1 });
    expect(run.stdout).toContain('Failed to save: Unable to reserve cache with key deps-1, another job may be creating this cache.');
    expect(upload).toMatchObject({ ok: false, error: { message: expect.stringContaining('Failed to CreateArtifact: Unable to make request: ECONNRESET') } });
    expect(run.errors).toEqual([]);
    expect(fake.requests.map((r) => [r.rpc, r.fault, r.status])).toEqual([
      ['GetCacheEntryDownloadURL', 'unavailable', undefined],
      ['CreateCacheEntry', 'unavailable', undefined],
      ['CreateArtifact', 'unavailable', undefined],
    ]);
    expect(fake.caches).toEqual([]);
  });

  test('a transient 500 on a Twirp call and a reset on a block upload are retried by the libraries', async () => {
    fake = await startFakeActionsResults();
    const runner = newRunner();
    writeFiles(runner.workspace, { 'deps/a.txt': 'alpha' });
    const lookupFault = fake.faults.add({ path: 'CacheService/GetCacheEntryDownloadURL', kind: 'status', status: 500 });
    const blockFault = fake.faults.add({ path: 'comp=block&', method: 'PUT', kind: 'reset' });
    const run = await probe(runner, fake.env, [
      { op: 'save', paths: ['deps'], key: 'deps-1' },
      { op: 'restore', paths: ['deps'], key: 'deps-1' },
      { op: 'upload', name: 'deps', files: [path.join(runner.workspace, 'deps', 'a.txt')], root: runner.workspace },
    ]);
    expect(values(run.results)).toEqual([expect.any(Number), 'deps-1', expect.objectContaining({ size: expect.any(Number) })]);
    expect(run.stdout).toContain('Attempt 1 of 5 failed with error: Failed request: (500) Internal Server Error: fake-actions-results: injected 500');
    expect([lookupFault.hits, blockFault.hits]).toEqual([1, 1]);
    expect(fake.requests.filter((r) => r.fault).map((r) => [r.rpc ?? r.query.comp, r.fault])).toEqual([
      ['GetCacheEntryDownloadURL', 'status'],
      ['block', 'reset'],
    ]);
    expect(await fake.artifacts[0].files()).toEqual({ 'deps/a.txt': Buffer.from('alpha') });
  });
});

describe('fake actions results service: wire details', () => {
  test('Twirp errors are JSON, tokens are checked, SAS URLs are checked, ranges and HEAD are served', async () => {
    fake = await startFakeActionsResults();
    const token = fake.env.ACTIONS_RUNTIME_TOKEN;
    const twirp = (rpc: string, body: unknown, auth = `Bearer ${token}`) =>
      fetch(`${fake!.url}twirp/github.actions.results.api.v1.CacheService/${rpc}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify(body),
      });

    const unauthenticated = await twirp('CreateCacheEntry', { key: 'k', version: 'v' }, 'Bearer a.b.c');
    expect([unauthenticated.status, await unauthenticated.json()]).toEqual([401, { code: 'unauthenticated', msg: 'invalid or missing ACTIONS_RUNTIME_TOKEN' }]);
    const badRoute = await twirp('Nope', {});
    expect(badRoute.status).toBe(404);

    const created = (await (await twirp('CreateCacheEntry', { key: 'k', version: 'v' })).json()) as { ok: boolean; signed_upload_url: string };
    expect(created.ok).toBe(true);
    const data = Buffer.from('0123456789');
    const put = await fetch(created.signed_upload_url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: data });
    expect(put.status).toBe(201);
    expect(put.headers.get('content-md5')).toBe(createHash('md5').update(data).digest('base64'));
    expect(put.headers.get('etag')).toBeTruthy();
    expect(await (await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '10' })).json()).toEqual({
      ok: true,
      entry_id: '1',
      message: '',
    });

    const lookup = (await (await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v' })).json()) as { signed_download_url: string };
    const ranged = await fetch(lookup.signed_download_url, { headers: { 'x-ms-range': 'bytes=2-5' } });
    expect([ranged.status, ranged.headers.get('content-range'), await ranged.text()]).toEqual([206, 'bytes 2-5/10', '2345']);
    const head = await fetch(lookup.signed_download_url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), head.headers.get('x-ms-blob-type')]).toEqual([200, '10', 'BlockBlob']);

    const tampered = new URL(lookup.signed_download_url);
    tampered.pathname = tampered.pathname.replace('/1/', '/2/');
    const forbidden = await fetch(tampered);
    expect([forbidden.status, forbidden.headers.get('x-ms-error-code')]).toEqual([403, 'AuthenticationFailed']);
    // A download URL does not allow writing.
    const readOnlyPut = await fetch(lookup.signed_download_url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' });
    expect([readOnlyPut.status, readOnlyPut.headers.get('x-ms-error-code')]).toEqual([403, 'AuthorizationPermissionMismatch']);

    // Delay faults hold a request; the `status` outage answers 503 with a Twirp (or Azure) error body.
    fake.faults.add({ path: 'GetCacheEntryDownloadURL', kind: 'delay', delayMs: 300 });
    const started = performance.now();
    expect((await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v' })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    fake.setUnavailable(true, 'status');
    const down = await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v' });
    expect([down.status, ((await down.json()) as { code: string }).code]).toEqual([503, 'unavailable']);
    const blobDown = await fetch(lookup.signed_download_url);
    expect([blobDown.status, blobDown.headers.get('x-ms-error-code')]).toEqual([503, 'ServerBusy']);
  });
});
