/**
 * Zip extraction refuses anything that could write outside its folder. yazl will not write such
 * names, so the hostile archives are made with placeholder names of the same length and then
 * patched (names sit in both the local header and the central directory; CRCs cover data only).
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { extractZipSafely, UnsafeArchiveError } from '#shared/setup-terraform/safe-unzip.js';

interface Entry {
  name: string;
  data: string;
  mode?: number;
  /** false: stored without compression. */
  compress?: boolean;
}

function makeZip(entries: Entry[], rename: Record<string, string> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const e of entries) z.addBuffer(Buffer.from(e.data), e.name, { mode: e.mode ?? 0o100644, compress: e.compress ?? true });
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('error', reject);
    z.outputStream.on('end', () => {
      let bytes = Buffer.concat(chunks);
      for (const [from, to] of Object.entries(rename)) {
        expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
        bytes = Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1');
      }
      resolve(bytes);
    });
    z.end();
  });
}

function workspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'safe-unzip-'));
  const dest = path.join(root, 'dest');
  mkdirSync(dest);
  return { root, dest, archive: path.join(root, 'archive.zip') };
}

async function extract(entries: Entry[], rename: Record<string, string> = {}) {
  const w = workspace();
  writeFileSync(w.archive, await makeZip(entries, rename));
  return { ...w, run: () => extractZipSafely(w.archive, w.dest) };
}

describe('extractZipSafely', () => {
  test('extracts files and folders, keeping the executable bit', async () => {
    const w = await extract([
      { name: 'terraform', data: '#!/bin/sh\necho hi\n', mode: 0o100755 },
      { name: 'docs/LICENSE.txt', data: 'license' },
      { name: 'stored.bin', data: 'stored as is '.repeat(100), compress: false },
    ]);
    expect(await w.run()).toEqual(['terraform', 'docs/LICENSE.txt', 'stored.bin']);
    expect(readFileSync(path.join(w.dest, 'stored.bin'), 'utf8')).toBe('stored as is '.repeat(100));
    expect(statSync(path.join(w.dest, 'terraform')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(w.dest, 'docs', 'LICENSE.txt'), 'utf8')).toBe('license');
  });

  test.each([
    ['a .. segment', 'xx/evil.txt', '../evil.txt', /climbs out with \.\./],
    ['an absolute path', 'xtmp/abs.txt', '/tmp/abs.txt', /has an absolute path/],
    ['a drive letter', 'xxevil.txt', 'C:evil.txt', /has an absolute path/],
    ['backslashes', 'xx_evil.txt', '..\\evil.txt', /uses backslashes/],
  ])('refuses an entry with %s', async (_what, placeholder, hostile, message) => {
    const w = await extract(
      [
        { name: 'terraform', data: 'ok' },
        { name: placeholder, data: 'pwned' },
      ],
      { [placeholder]: hostile },
    );
    const run = w.run();
    await expect(run).rejects.toThrow(UnsafeArchiveError);
    await expect(run).rejects.toThrow(message);
    expect(existsSync(path.join(w.root, 'evil.txt'))).toBe(false);
    expect(existsSync('/tmp/abs.txt') && readFileSync('/tmp/abs.txt', 'utf8') === 'pwned').toBe(false);
  });

  test('refuses a symlink that points outside, and writes nothing through it', async () => {
    const w = await extract([
      { name: 'escape', data: '../outside', mode: 0o120777 },
      { name: 'escape/planted.txt', data: 'pwned' },
    ]);
    await expect(w.run()).rejects.toThrow(/symlink "escape" points outside the destination \("\.\.\/outside"\)/);
    expect(existsSync(path.join(w.root, 'outside'))).toBe(false);
  });

  test('refuses an absolute symlink target', async () => {
    const w = await extract([{ name: 'passwd', data: '/etc/passwd', mode: 0o120777 }]);
    await expect(w.run()).rejects.toThrow(/symlink "passwd" points outside/);
  });

  test('keeps a symlink that stays inside', async () => {
    const w = await extract([
      { name: 'bin/tool', data: 'binary', mode: 0o100755 },
      { name: 'tool', data: 'bin/tool', mode: 0o120777 },
    ]);
    await w.run();
    expect(lstatSync(path.join(w.dest, 'tool')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(w.dest, 'tool'))).toBe('bin/tool');
  });

  test('keeps a link with .. whose real target stays inside', async () => {
    const w = await extract([
      { name: 'lib/real.txt', data: 'x' },
      { name: 'bin/link', data: '../lib/real.txt', mode: 0o120777 },
    ]);
    await w.run();
    expect(readFileSync(path.join(w.dest, 'bin', 'link'), 'utf8')).toBe('x');
  });

  // `x -> d/..` is harmless while d does not exist; `d -> b/c -> ..` then makes x lead to the parent.
  const laterLink: Entry[] = [
    { name: 'x', data: 'd/..', mode: 0o120777 },
    { name: 'b/c', data: '..', mode: 0o120777 },
    { name: 'd', data: 'b/c', mode: 0o120777 },
  ];

  test('refuses a link that a later entry makes lead outside', async () => {
    const w = await extract(laterLink);
    await expect(w.run()).rejects.toThrow(/symlink "x" points outside the destination once all entries are extracted/);
  });

  test('writes nothing through a link that a later entry made lead outside', async () => {
    const w = await extract([...laterLink, { name: 'x/planted.txt', data: 'pwned' }]);
    await expect(w.run()).rejects.toThrow(/entry "x\/planted\.txt" is written through a symlink that leads outside/);
    expect(readdirSync(w.root).sort()).toEqual(['archive.zip', 'dest']);
  });

  test('refuses a second entry with the same name instead of overwriting the first', async () => {
    const w = await extract([
      { name: 'terraform', data: 'genuine' },
      { name: 'terraform', data: 'replacement' },
    ]);
    await expect(w.run()).rejects.toThrow(/EEXIST/);
    expect(readFileSync(path.join(w.dest, 'terraform'), 'utf8')).toBe('genuine');
  });

  test('refuses archives that expand beyond the size cap', async () => {
    const w = await extract([{ name: 'big', data: 'x'.repeat(10_000) }]);
    await expect(extractZipSafely(w.archive, w.dest, { maxBytes: 1000 })).rejects.toThrow(/expands beyond 1000 bytes/);
  });

  test('a file that is not a zip fails', async () => {
    const w = workspace();
    writeFileSync(w.archive, '<html>not found</html>');
    await expect(extractZipSafely(w.archive, w.dest)).rejects.toThrow(/end of central directory/i);
  });
});
