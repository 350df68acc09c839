/**
 * setup-terraform's extraction against hostile archives: path traversal (zip-slip) and symlinks
 * that lead out, directly or through a chain of symlinks that each look harmless. The rule: an
 * archive either extracts entirely inside its destination or is refused, and a refusal leaves
 * NOTHING outside the destination (not a file, not an empty folder). Checked on the extraction
 * itself, as a property over generated archives, and through the bundle with a signed mirror.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { extractZipSafely, UnsafeArchiveError } from '#shared/setup-terraform/safe-unzip.js';
import { runAction } from '../harness/run-action.js';
import { checkFault } from '../faults/support/outcome.js';
import { record } from '../faults/support/ledger.js';
import { scanToolCache } from '../faults/support/tool-cache.js';
import { numRuns, recordProperty } from '../property/support/runs.js';
import { makeZip, type ZipEntry } from './support/zips.js';
import { startSignedMirror } from './support/signed-mirror.js';

/** A sandbox holding the destination and the archive; anything else appearing in it escaped. */
function sandbox() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'zip-slip-'));
  const dest = path.join(root, 'dest');
  mkdirSync(dest);
  return { root, dest, archive: path.join(root, 'archive.zip') };
}

/** Everything in the sandbox outside dest and the archive. */
function escaped(s: ReturnType<typeof sandbox>): string[] {
  return readdirSync(s.root).filter((f) => f !== 'dest' && f !== 'archive.zip');
}

async function attempt(entries: ZipEntry[]) {
  const s = sandbox();
  writeFileSync(s.archive, await makeZip(entries));
  let error: unknown;
  try {
    await extractZipSafely(s.archive, s.dest);
  } catch (err) {
    error = err;
  }
  return { ...s, error, escaped: escaped(s) };
}

describe('extraction refuses what leads outside, and leaves nothing there', () => {
  test.each<[string, ZipEntry[]]>([
    ['a .. entry', [{ name: '../pwned.txt', data: 'x' }]],
    ['a deep .. entry', [{ name: 'a/b/../../../pwned.txt', data: 'x' }]],
    ['an absolute entry', [{ name: '/tmp/zip-slip-absolute-pwned.txt', data: 'x' }]],
    ['a backslash entry', [{ name: '..\\pwned.txt', data: 'x' }]],
    [
      'a symlink to ..',
      [
        { name: 'up', data: '..', kind: 'symlink' },
        { name: 'up/pwned.txt', data: 'x' },
      ],
    ],
    ['an absolute symlink', [{ name: 'etc', data: '/etc', kind: 'symlink' }]],
    [
      'a folder created through a chain of symlinks (each lexically inside)',
      [
        { name: 'b/', data: '', kind: 'dir' },
        { name: 'b/c', data: '..', kind: 'symlink' },
        { name: 'a', data: 'b/c/..', kind: 'symlink' },
        { name: 'a/pwned-dir/', data: '', kind: 'dir' },
      ],
    ],
    [
      'a file whose parent folders are made through a chain of symlinks',
      [
        { name: 'b/', data: '', kind: 'dir' },
        { name: 'b/c', data: '..', kind: 'symlink' },
        { name: 'a', data: 'b/c/..', kind: 'symlink' },
        { name: 'a/pwned-parent/file.txt', data: 'x' },
      ],
    ],
  ])('%s', async (_what, entries) => {
    const result = await attempt(entries);
    record({ kind: 'inputs', source: 'hostile', subject: 'setup-terraform: hostile archive', count: 1, failures: result.escaped.length });
    expect(result.escaped).toEqual([]);
    expect(result.error).toBeInstanceOf(UnsafeArchiveError);
    expect(existsSync('/tmp/zip-slip-absolute-pwned.txt')).toBe(false);
  });

  test('a symlink whose real target is outside is refused even when its text looks inside', async () => {
    const result = await attempt([
      { name: 'b/', data: '', kind: 'dir' },
      { name: 'b/c', data: '..', kind: 'symlink' },
      { name: 'a', data: 'b/c/..', kind: 'symlink' },
    ]);
    // `a` resolves (through b/c → the destination) to the destination's PARENT.
    expect(result.error).toBeInstanceOf(UnsafeArchiveError);
  });
});

// Names and symlink targets built from the parts that matter: `..`, `.`, absolute roots, separators.
const segment = fc.constantFrom('a', 'b', 'c', '..', '.', 'x.txt');
const relative = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const name = fc.oneof(
  relative,
  relative.map((r) => `/${r}`),
  relative.map((r) => r.replace(/\//g, '\\')),
  relative.map((r) => `${r}/`),
);
const entry: fc.Arbitrary<ZipEntry> = fc.oneof(
  fc.record({ name, data: fc.constant('data'), kind: fc.constant<'file'>('file') }),
  fc.record({
    name: relative,
    data: fc.oneof(
      relative,
      relative.map((r) => `/${r}`),
    ),
    kind: fc.constant<'symlink'>('symlink'),
  }),
  fc.record({ name: relative.map((r) => `${r}/`), data: fc.constant(''), kind: fc.constant<'dir'>('dir') }),
);

test('property: whatever the entries, nothing is ever written outside the destination', async () => {
  const details = await fc.check(
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 6 }), async (entries) => {
      const usable = entries.filter((e) => Buffer.byteLength(e.kind === 'dir' ? e.name.replace(/\/+$/, '') : e.name) >= 3);
      if (usable.length === 0) return true;
      const result = await attempt(usable);
      if (result.escaped.length) throw new Error(`escaped: ${result.escaped.join(', ')} (error: ${String(result.error)})`);
      if (result.error && !(result.error instanceof UnsafeArchiveError) && !/EEXIST|ENOTDIR|EISDIR/.test(String(result.error))) {
        throw new Error(`an unexpected kind of failure: ${String(result.error)}`);
      }
      return true;
    }),
    { numRuns: numRuns(40) },
  );
  recordProperty('setup-terraform: generated archives (zip-slip)', details);
});

describe('through the bundle: a correctly signed release whose archive is hostile', () => {
  test.each<[string, ZipEntry[]]>([
    [
      'zip-slip',
      [
        { name: 'terraform', data: '#!/bin/sh\necho fake\n', mode: 0o755 },
        { name: '../../../../../../tmp/pwned-by-archive.txt', data: 'x' },
      ],
    ],
    ['terraform as a symlink to a system binary', [{ name: 'terraform', data: '/bin/sh', kind: 'symlink' }]],
  ])('%s: the step fails clearly, nothing is installed, nothing written outside', async (what, entries) => {
    const mirror = await startSignedMirror(await makeZip(entries));
    try {
      const result = await runAction('setup-terraform', {
        inputs: { 'terraform-version': mirror.version, 'releases-url': mirror.url, 'gpg-public-key': mirror.publicKey, cache: 'false' },
      });
      const scan = scanToolCache(result.dirs.toolCache);
      checkFault(
        {
          action: 'setup-terraform',
          fault: `hostile archive (${what}), correctly signed`,
          hits: mirror.requests.filter((r) => r.endsWith('.zip')).length,
          expected: 'failed-clearly',
        },
        result,
        { workDone: false, partial: [...scan.partial, ...scan.complete], error: /Refusing to extract terraform_1\.9\.8_linux_amd64\.zip/ },
      );
      expect(existsSync('/tmp/pwned-by-archive.txt')).toBe(false);
      expect(result.addedPath).toEqual([]);
    } finally {
      await mirror.close();
    }
  });
});
