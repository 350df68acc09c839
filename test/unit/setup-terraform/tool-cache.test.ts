/** The tool cache install: complete and verified, or not there at all. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCached, installAtomically } from '#shared/setup-terraform/tool-cache.js';
import type { Platform } from '#shared/setup-terraform/platform.js';

const linux: Platform = { os: 'linux', arch: 'amd64', cacheArch: 'x64', exe: '' };
const root = () => mkdtempSync(path.join(os.tmpdir(), 'tool-cache-'));

test('a completed install is found, in @actions/tool-cache’s layout', async () => {
  const r = root();
  expect(findCached('terraform', '1.9.8', linux, r)).toBeUndefined();
  const tool = await installAtomically('terraform', '1.9.8', linux, async (dir) => writeFileSync(path.join(dir, 'terraform'), '#!/bin/sh\n'), r);
  expect(tool).toEqual({ dir: path.join(r, 'terraform', '1.9.8', 'x64'), binary: path.join(r, 'terraform', '1.9.8', 'x64', 'terraform') });
  expect(existsSync(path.join(r, 'terraform', '1.9.8', 'x64.complete'))).toBe(true);
  expect(findCached('terraform', '1.9.8', linux, r)).toEqual(tool);
});

test('a failure while populating leaves nothing behind, not even the temporary folder', async () => {
  const r = root();
  await expect(
    installAtomically(
      'terraform',
      '1.9.8',
      linux,
      async (dir) => {
        writeFileSync(path.join(dir, 'terraform'), 'half');
        throw new Error('checksum mismatch');
      },
      r,
    ),
  ).rejects.toThrow('checksum mismatch');
  expect(readdirSync(path.join(r, 'terraform', '1.9.8'))).toEqual([]);
  expect(findCached('terraform', '1.9.8', linux, r)).toBeUndefined();
});

test('an archive without the executable is refused', async () => {
  const r = root();
  await expect(
    installAtomically('tofu', '1.8.5', { ...linux, os: 'windows', exe: '.exe' }, async (dir) => writeFileSync(path.join(dir, 'tofu'), 'x'), r),
  ).rejects.toThrow(/did not contain tofu\.exe/);
  expect(readdirSync(path.join(r, 'tofu', '1.8.5'))).toEqual([]);
});

test('a leftover folder without its marker (an interrupted install) is replaced, never trusted', async () => {
  const r = root();
  const stale = path.join(r, 'terraform', '1.9.8', 'x64');
  mkdirSync(stale, { recursive: true });
  writeFileSync(path.join(stale, 'terraform'), 'truncated');
  expect(findCached('terraform', '1.9.8', linux, r)).toBeUndefined();
  await installAtomically('terraform', '1.9.8', linux, async (dir) => writeFileSync(path.join(dir, 'terraform'), 'complete'), r);
  expect(readFileSync(path.join(stale, 'terraform'), 'utf8')).toBe('complete');
});
