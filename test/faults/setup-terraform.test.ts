/**
 * setup-terraform under faults, through the committed bundle: the release mirror refusing
 * connections, failing with 5xx then recovering, answering 404, cutting bodies short, dripping
 * them, serving an index that is not JSON; the Actions cache service down; a Pushgateway that is
 * not there; the process SIGKILLed in the middle of the download; the leftovers of an install
 * that crashed. Each case asserts the documented outcome (retried and succeeded, or one clear
 * error), and that the tool cache holds complete installs only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeActionsResults } from '../fakes/actions-results/server.js';
import type { ReleaseMirror } from '../fakes/release-mirror/server.js';
import { createRunnerDirs, runAction, type ActionRunOptions, type ActionRunResult } from '../harness/run-action.js';
import { leftovers, startMirror } from '../integration/setup-terraform/helpers.js';
import { refusedUrl, startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { checkFault, type Facts } from './support/outcome.js';
import { killRun, newRunMarker } from './support/processes.js';
import { recordToolCache } from './support/tool-cache.js';

const ACTION = 'setup-terraform';
const VERSION = '1.9.8';
const ARCHIVE = `terraform_${VERSION}_linux_amd64.zip`;
const SUMS = `terraform_${VERSION}_SHA256SUMS`;

let mirror: ReleaseMirror;
let proxy: FaultProxy;
beforeAll(async () => {
  mirror = await startMirror();
  proxy = await startFaultProxy(mirror.url);
});
afterEach(() => {
  mirror.clearFaults();
  proxy.clear();
});
afterAll(async () => {
  await proxy.close();
  await mirror.close();
});

function setup(base: string, inputs: Record<string, string> = {}, options: ActionRunOptions = {}): Promise<ActionRunResult> {
  return runAction(ACTION, { ...options, inputs: { 'releases-url': base, 'gpg-public-key': mirror.publicKey, 'terraform-version': VERSION, ...inputs } });
}

/** Installed, verified, on PATH, and the binary answers with the right version. */
function installedFacts(result: ActionRunResult, version = VERSION): Facts {
  const scan = recordToolCache(result.dirs.toolCache);
  const binary = result.outputs.path ?? '';
  let works = false;
  if (result.exitCode === 0 && binary && existsSync(binary)) {
    works = execFileSync(binary, ['version'], { encoding: 'utf8' }).startsWith(`Terraform v${version}\n`);
  }
  return {
    workDone: works && result.outputs.version === version && result.addedPath.includes(path.dirname(binary)),
    partial: scan.partial,
  };
}

/** A failure must leave no install at all, complete or not, and nothing on PATH. */
function failedFacts(result: ActionRunResult, error: RegExp): Facts {
  const scan = recordToolCache(result.dirs.toolCache);
  return { workDone: false, partial: [...scan.partial, ...scan.complete.map((c) => `${c} (installed by a failed step)`)], error };
}

const retries = (result: ActionRunResult): number => JSON.parse(result.outputs.metrics ?? '{}').counters?.retries ?? 0;
const mirrorHits = (file: string, before: number) => mirror.requests.slice(before).filter((r) => r.endsWith(file)).length;

describe('setup-terraform: the release mirror misbehaves', () => {
  test('connection refused: retried, then one clear error naming the URL; nothing installed', async () => {
    const result = await setup(await refusedUrl());
    checkFault(
      { action: ACTION, fault: 'mirror: connection refused', hits: 1, expected: 'failed-clearly' },
      result,
      failedFacts(result, /ECONNREFUSED|refused/),
    );
    expect(result.addedPath).toEqual([]);
  });

  test('503 three times on the archive, then recovery: retried with backoff and installed', async () => {
    const before = mirror.requests.length;
    mirror.fail(ARCHIVE, { kind: 'status', status: 503 }, 3);
    const result = await setup(mirror.url);
    checkFault(
      { action: ACTION, fault: 'mirror: 503 burst (3) on the archive', hits: mirrorHits(ARCHIVE, before) - 1, expected: 'succeeded' },
      result,
      installedFacts(result),
    );
    expect(retries(result)).toBe(3);
  });

  test('502 on every SHA256SUMS request: fails after the retries with the status and URL', async () => {
    const before = mirror.requests.length;
    mirror.fail(SUMS, { kind: 'status', status: 502 });
    const result = await setup(mirror.url);
    checkFault(
      { action: ACTION, fault: 'mirror: 502 on every SHA256SUMS request', hits: mirrorHits(SUMS, before), expected: 'failed-clearly' },
      result,
      failedFacts(result, new RegExp(`HTTP 502 from .*${SUMS}`)),
    );
    expect(mirrorHits(SUMS, before)).toBe(4);
  });

  test('404 on the release index while resolving a constraint: one clear error', async () => {
    const before = mirror.requests.length;
    mirror.fail('/terraform/index.json', { kind: 'status', status: 404 });
    const result = await setup(mirror.url, { 'terraform-version': '~> 1.9' });
    checkFault(
      { action: ACTION, fault: 'mirror: 404 on index.json', hits: mirrorHits('/terraform/index.json', before), expected: 'failed-clearly' },
      result,
      failedFacts(result, /HTTP 404 from .*\/terraform\/index\.json/),
    );
  });

  test('the archive cut off once: the truncated download is discarded, retried and installed', async () => {
    const before = mirror.requests.length;
    mirror.fail(ARCHIVE, { kind: 'truncate' }, 1);
    const result = await setup(mirror.url);
    checkFault(
      { action: ACTION, fault: 'mirror: truncated archive (once)', hits: mirrorHits(ARCHIVE, before) - 1, expected: 'succeeded' },
      result,
      installedFacts(result),
    );
    expect(result.log).toMatch(/Truncated download of .*terraform_1\.9\.8_linux_amd64\.zip/);
  });

  test('the archive always cut off: fails naming the truncated download; nothing installed', async () => {
    const before = mirror.requests.length;
    mirror.fail(ARCHIVE, { kind: 'truncate' });
    const result = await setup(mirror.url);
    checkFault(
      { action: ACTION, fault: 'mirror: truncated archive (always)', hits: mirrorHits(ARCHIVE, before), expected: 'failed-clearly' },
      result,
      failedFacts(result, /Truncated download of .*\.zip/),
    );
  });

  test('an index that is not JSON: one clear error saying the mirror layout is wrong', async () => {
    proxy.add({ match: '/terraform/index.json', fault: { kind: 'body', body: '<html><body>Proxy login</body></html>', contentType: 'text/html' } });
    const result = await setup(proxy.url, { 'terraform-version': '~> 1.9' });
    checkFault(
      { action: ACTION, fault: 'mirror: index.json is HTML, not JSON', hits: proxy.hits('body'), expected: 'failed-clearly' },
      result,
      failedFacts(result, /release index at .*index\.json is not in the expected format: it is not JSON/),
    );
  });

  test('an index cut off once: the short body is noticed, retried and resolved', async () => {
    proxy.add({ match: '/terraform/index.json', fault: { kind: 'truncate' }, times: 1 });
    const result = await setup(proxy.url, { 'terraform-version': '~> 1.9.0' });
    checkFault(
      { action: ACTION, fault: 'mirror: truncated index.json (once)', hits: proxy.hits('truncate'), expected: 'succeeded' },
      result,
      installedFacts(result),
    );
  });

  test('SHA256SUMS dropped without an answer, twice: retried and installed', async () => {
    proxy.add({ match: SUMS, fault: { kind: 'reset' }, times: 2 });
    const result = await setup(proxy.url);
    checkFault(
      { action: ACTION, fault: 'mirror: connection reset on SHA256SUMS (2)', hits: proxy.hits('reset'), expected: 'succeeded' },
      result,
      installedFacts(result),
    );
  });

  test('a slow drip of the archive (64 bytes every 5 ms) completes and installs', async () => {
    proxy.add({ match: ARCHIVE, fault: { kind: 'drip', bytes: 64, intervalMs: 5 } });
    const result = await setup(proxy.url);
    checkFault({ action: ACTION, fault: 'mirror: slow drip of the archive', hits: proxy.hits('drip'), expected: 'succeeded' }, result, installedFacts(result));
  });
});

describe('setup-terraform: killed in the middle of the download', () => {
  test('SIGKILL while the archive drips in leaves nothing in the tool cache; the rerun installs cleanly', async () => {
    const dirs = createRunnerDirs();
    const marker = newRunMarker();
    // 4 bytes every 100 ms: the archive would take over 10 s, so the kill lands mid-download.
    proxy.add({ match: ARCHIVE, fault: { kind: 'drip', bytes: 4, intervalMs: 100 } });
    const running = setup(proxy.url, {}, { dirs, env: marker });
    const dripping = await proxy.whenDripped(new RegExp(`${ARCHIVE}$`), 40);
    const sentAtKill = dripping.bytesSent;
    const killed = killRun(marker);
    const result = await running;
    expect(killed).toHaveLength(1);
    expect(result.signal).toBe('SIGKILL');
    // Mid-download for sure: bytes had arrived, and the archive was far from complete.
    const archiveSize = (await mirror.file(`/terraform/${VERSION}/${ARCHIVE}`))!.length;
    expect(sentAtKill).toBeGreaterThanOrEqual(40);
    expect(sentAtKill).toBeLessThan(archiveSize);
    const afterKill = recordToolCache(dirs.toolCache);
    expect(afterKill).toEqual({ complete: [], partial: [] });
    expect(result.addedPath).toEqual([]);

    proxy.clear();
    const rerun = await setup(proxy.url, {}, { dirs });
    checkFault({ action: ACTION, fault: 'SIGKILL mid-download, then a rerun', hits: killed.length, expected: 'succeeded' }, rerun, installedFacts(rerun));
    expect(recordToolCache(dirs.toolCache).complete).toEqual([`terraform/${VERSION}/x64`]);
    // The rerun's working folder is gone too, and with it the killed run's part file.
    expect(leftovers(dirs).filter((f) => f.startsWith('temp/'))).toEqual([]);
  });

  test('an install folder without its .complete marker (a crash during extraction) is never trusted', async () => {
    const dirs = createRunnerDirs();
    const crashed = path.join(dirs.toolCache, 'terraform', VERSION, 'x64');
    mkdirSync(crashed, { recursive: true });
    writeFileSync(path.join(crashed, 'terraform'), '#!/bin/sh\necho half-extracted\n', { mode: 0o755 });
    const result = await setup(mirror.url, {}, { dirs });
    checkFault({ action: ACTION, fault: 'tool cache: folder left by a crashed install', hits: 1, expected: 'succeeded' }, result, installedFacts(result));
    expect(result.outputs['cache-hit']).toBe('false');
  });
});

describe('setup-terraform: optional services down', () => {
  test('the Actions cache service dropping every connection: a warning, then the download; installed', async () => {
    const results = await startFakeActionsResults();
    try {
      results.setUnavailable(true, 'reset');
      const result = await setup(mirror.url, {}, { env: results.env });
      const hits = results.requests.filter((r) => r.fault === 'unavailable').length;
      checkFault(
        { action: ACTION, fault: 'actions cache: service unavailable (connections reset)', hits, expected: 'succeeded' },
        result,
        installedFacts(result),
      );
      expect(result.warnings.join('\n')).toMatch(/Failed to (restore|save)|Cache (restore|save) failed/);
      expect(result.outputs['cache-hit']).toBe('false');
    } finally {
      await results.close();
    }
  });

  test('the cache lookup dropped once after a save: the warm run warns and downloads instead', async () => {
    const results = await startFakeActionsResults();
    try {
      const first = await setup(mirror.url, {}, { env: results.env });
      expect(first.exitCode).toBe(0);
      expect(results.caches).toHaveLength(1);
      const fault = results.faults.add({ path: 'GetCacheEntryDownloadURL', kind: 'reset' });
      const result = await setup(mirror.url, {}, { env: results.env });
      checkFault({ action: ACTION, fault: 'actions cache: lookup connection reset', hits: fault.hits, expected: 'succeeded' }, result, installedFacts(result));
      expect(result.outputs['cache-hit']).toBe('false');
    } finally {
      await results.close();
    }
  });

  test('a Pushgateway that refuses connections: a warning, the install still succeeds', async () => {
    const result = await setup(mirror.url, { 'metrics-pushgateway-url': await refusedUrl() });
    checkFault({ action: ACTION, fault: 'pushgateway: connection refused', hits: 1, expected: 'succeeded' }, result, installedFacts(result));
    expect(result.warnings.join('\n')).toMatch(/Pushgateway/i);
  });
});
