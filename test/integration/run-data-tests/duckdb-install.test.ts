/**
 * The run-time install of DuckDB (never bundled): the pinned packages fetched with npm (here from
 * local tarballs made with `npm pack` of the devDependency copy, so no registry is needed), each
 * tarball checked against the pinned integrity, unpacked into the tool cache and loaded; a
 * mismatch installs nothing; a finished install is reused without npm.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  importDuckDB,
  installDir,
  installDuckDB,
  platformKey,
  requiredPackages,
  sha512,
  tarballName,
  type PackageRef,
} from '#shared/data-tests/engines/duckdb-install.js';
import { repoRoot } from '../../harness/paths.js';

const packed = mkdtempSync(path.join(os.tmpdir(), 'dq-duckdb-pack-'));
let tarballs: Record<string, string>;
let integrity: Record<string, string>;

beforeAll(async () => {
  // npm pack of the installed copies: the same files the registry serves, in tarballs of our own.
  const dirs = requiredPackages().map((p) => path.join(repoRoot, 'node_modules', ...p.name.split('/')));
  execFileSync('npm', ['pack', ...dirs, '--pack-destination', packed, '--ignore-scripts'], { stdio: 'ignore' });
  tarballs = {};
  integrity = {};
  for (const p of requiredPackages()) {
    const file = path.join(packed, tarballName(p));
    tarballs[p.name] = file;
    integrity[`${p.name}@${p.version}`] = await sha512(file);
  }
}, 300_000);

const spec = (p: PackageRef) => tarballs[p.name];

/** A stand-in npm for the failure cases: copies the packed tarballs to --pack-destination. */
function copyingNpm(dir: string): string {
  const script = path.join(dir, 'npm-copy');
  writeFileSync(script, `#!/bin/sh\nwhile [ "$1" != "--pack-destination" ]; do shift; done\ncp ${JSON.stringify(packed)}/*.tgz "$2"\n`, { mode: 0o755 });
  return script;
}

describe('DuckDB install into the tool cache', () => {
  test('installs from npm pack tarballs, checks integrity, loads and queries; reuses the install without npm', async () => {
    const toolCacheRoot = mkdtempSync(path.join(os.tmpdir(), 'dq-toolcache-'));
    const messages: string[] = [];
    const nodeModules = await installDuckDB({ toolCacheRoot, packageSpec: spec, integrity, log: (m) => messages.push(m) });
    const dir = installDir({ toolCacheRoot });
    expect(dir).toBe(path.join(toolCacheRoot, 'dataops-duckdb-node-api', '1.5.6-r.1', platformKey()));
    expect(nodeModules).toBe(path.join(dir, 'node_modules'));
    expect(existsSync(`${dir}.complete`)).toBe(true);
    expect(readdirSync(path.join(nodeModules, '@duckdb')).sort()).toEqual(['node-api', 'node-bindings', `node-bindings-${platformKey()}`]);
    expect(messages).toEqual([`Installing @duckdb/node-api 1.5.6-r.1 for ${platformKey()} with npm`]);
    const api = await importDuckDB(nodeModules);
    const instance = await api.DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      "SELECT 40 + 2 AS answer, extension_name FROM duckdb_extensions() WHERE extension_name = 'parquet' AND loaded",
    );
    expect(reader.getRowObjectsJS()).toEqual([{ answer: 42, extension_name: 'parquet' }]);
    connection.closeSync();
    instance.closeSync();
    // Found again without npm at all.
    await expect(installDuckDB({ toolCacheRoot, npm: '/nonexistent/npm', integrity })).resolves.toBe(nodeModules);
  });

  test('a tarball whose integrity differs from the pinned value installs nothing', async () => {
    const toolCacheRoot = mkdtempSync(path.join(os.tmpdir(), 'dq-toolcache-'));
    const wrong = { ...integrity, [`@duckdb/node-bindings-${platformKey()}@1.5.6-r.1`]: 'sha512-AAAA' };
    await expect(installDuckDB({ toolCacheRoot, npm: copyingNpm(toolCacheRoot), integrity: wrong })).rejects.toThrow(
      new RegExp(`^Integrity check failed for @duckdb/node-bindings-${platformKey()}@1\\.5\\.6-r\\.1: expected sha512-AAAA, got sha512-`),
    );
    const dir = installDir({ toolCacheRoot });
    expect(existsSync(`${dir}.complete`)).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  test('the pinned integrity is enforced by default, and npm failures are explained', async () => {
    const toolCacheRoot = mkdtempSync(path.join(os.tmpdir(), 'dq-toolcache-'));
    // Locally packed tarballs are not byte-identical to the registry's, so the pins reject them.
    await expect(installDuckDB({ toolCacheRoot, npm: copyingNpm(toolCacheRoot) })).rejects.toThrow(
      /^Integrity check failed for @duckdb\/node-api@1\.5\.6-r\.1: expected sha512-yIPol6P4/,
    );
    const missing = path.join(packed, 'missing.tgz');
    await expect(installDuckDB({ toolCacheRoot, packageSpec: () => missing, integrity })).rejects.toThrow(/^npm could not fetch the DuckDB packages/);
    const fakeNpm = path.join(toolCacheRoot, 'npm-that-fails');
    writeFileSync(fakeNpm, '#!/bin/sh\necho "npm error code E404" >&2\nexit 1\n', { mode: 0o755 });
    await expect(installDuckDB({ toolCacheRoot, npm: fakeNpm, integrity })).rejects.toThrow(
      'npm could not fetch the DuckDB packages (@duckdb/node-api@1.5.6-r.1, @duckdb/node-bindings@1.5.6-r.1, ',
    );
  });
});
