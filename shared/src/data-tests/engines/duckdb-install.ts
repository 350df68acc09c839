/**
 * DuckDB's native binding is ~68 MB per platform, so it is not bundled into dist. On first use the
 * pinned @duckdb/node-api and the binding for this OS/arch are fetched with the runner's own npm
 * (`npm pack`: the registry comes from npm's configuration, so mirrors work), each tarball is
 * checked against the integrity pinned below, unpacked into the tool cache, and the tarballs are
 * kept with @actions/cache for later runs (re-verified on restore). Tests point
 * DATAOPS_DUCKDB_NODE_MODULES at the devDependency copy instead.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { getExecOutput } from '@actions/exec';
import { ActionError, errorMessage } from '../../errors.js';
import { restoreCacheSafely, saveCacheSafely } from '../../cache.js';
import type { DuckDBApi } from './duckdb.js';

export const DUCKDB_NODE_API_VERSION = '1.5.6-r.1';
const DETECT_LIBC_VERSION = '2.1.2';

/** npm's integrity (sha512 of the tarball) of every package that may be installed, from package-lock.json. */
export const PINNED_INTEGRITY: Readonly<Record<string, string>> = {
  [`@duckdb/node-api@${DUCKDB_NODE_API_VERSION}`]: 'sha512-yIPol6P4EQmsAUsb27donJf7iADrM31Ei/WkvhkZpSscjhEErYsuF19lsJ/qz5mUWxsKFQpLdjvrlhPQnMTBqw==',
  [`@duckdb/node-bindings@${DUCKDB_NODE_API_VERSION}`]: 'sha512-/pWlTyvKC1d16iSMJCBAPwlmzoeXRs5Y9cqG+TpKd/YAW6Ke05FJg099v/Im2bkS9BgznNyNcAK1NxA1eQhSUw==',
  [`@duckdb/node-bindings-darwin-arm64@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-KFT/J/pyouuAD1jftAIfcWVRdorg+c/yVR/BJL8LJKrST+mYC4d7QSuQ+iXSYbFpHENUAeZUagXrMPtZT8Xzsg==',
  [`@duckdb/node-bindings-darwin-x64@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-tVwUZNvdQoaPJhrh3q2e6jxm1MhahNHJQK/pvCyco46NX0mEuGzlw9i0n2MArgsyzccdCwScOK9ctbyr+3oMbQ==',
  [`@duckdb/node-bindings-linux-arm64@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-3jnUaDil1BrF/6vAZwVaInJ1xoBaWGHB4PDiUnzJWKCo8a8TLx9j7/gPyPl/UGRBftrYIuTihRZSfF4mWMgtWA==',
  [`@duckdb/node-bindings-linux-arm64-musl@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-j6dcNLWnFvlQyKMtl36HyeDsOaetXFoj0dH21Q9MbLjABNuJs5ekDV6zMSEda/g5+z1Tm6r2KFOS8j3tGUCRiw==',
  [`@duckdb/node-bindings-linux-x64@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-IXcrZJE6kEqM0Z4wwdVnGBHX/frOS33VPNAwDXQ/Q+Fs84b058Qe94chrCCIcNJlG8Y3UHIUU4eBeCQxW5mN1Q==',
  [`@duckdb/node-bindings-linux-x64-musl@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-PVzIEZqp7QN07WBgjmIH0cK2GKXR735KmL6wnghTzRnhHWrePxx3MjZB9zZHI8tB73wdF8luarBm4EgqSjGyVA==',
  [`@duckdb/node-bindings-win32-arm64@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-nzNTZx9rus5QpuX+KH6UOPNeZp8yF25TxV6DiUly4RKgR5mu6xo8c7a7lS80AqxTJfJ9BwUIiqlCuYKWztRM5A==',
  [`@duckdb/node-bindings-win32-x64@${DUCKDB_NODE_API_VERSION}`]:
    'sha512-5Rpn5WXEG5gY/u7Keh+c4kuwG/LiE31pCP9CoCohv+u0aFensk/yRIQVW/CXuIoITky9xFhdRzaWUtAnGTYxJQ==',
  [`detect-libc@${DETECT_LIBC_VERSION}`]: 'sha512-Btj2BOOO83o3WyH59e8MgXsxEQVcarkUOpEYrubB0urwnN10yQ364rsiByU11nZlqWYZm05i/of7io4mzihBtQ==',
};

export interface PackageRef {
  name: string;
  version: string;
}

export interface DuckDBLoadOptions {
  /** A node_modules folder already holding @duckdb/node-api (default: $DATAOPS_DUCKDB_NODE_MODULES). */
  nodeModules?: string;
  /** Folders from which an installed @duckdb/node-api may be resolved (the CLI inside a project). */
  resolveFrom?: string[];
  /** Root of the tool cache (default: $RUNNER_TOOL_CACHE, else ~/.cache/dataops-actions). */
  toolCacheRoot?: string;
  /** Keep the downloaded tarballs with @actions/cache (only inside GitHub Actions). */
  actionsCache?: boolean;
  /** What `npm pack` fetches for a package (default `name@version`; tests give a local tarball). */
  packageSpec?: (pkg: PackageRef) => string;
  /** Integrity values to check against (default PINNED_INTEGRITY; tests pin their local tarballs). */
  integrity?: Readonly<Record<string, string>>;
  npm?: string;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

/** The binding package for this process: `linux-x64`, `linux-x64-musl`, `darwin-arm64`, ... */
export function platformKey(platform: string = process.platform, arch: string = process.arch, musl: boolean = isMusl()): string {
  return `${platform}-${arch}${platform === 'linux' && musl ? '-musl' : ''}`;
}

function isMusl(): boolean {
  if (process.platform !== 'linux') return false;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return !header?.glibcVersionRuntime;
}

export function requiredPackages(key = platformKey()): PackageRef[] {
  return [
    { name: '@duckdb/node-api', version: DUCKDB_NODE_API_VERSION },
    { name: '@duckdb/node-bindings', version: DUCKDB_NODE_API_VERSION },
    { name: `@duckdb/node-bindings-${key}`, version: DUCKDB_NODE_API_VERSION },
    { name: 'detect-libc', version: DETECT_LIBC_VERSION },
  ];
}

const API_ENTRY = path.join('@duckdb', 'node-api', 'lib', 'index.js');

/** Imports @duckdb/node-api from a node_modules folder outside the bundle. */
export async function importDuckDB(nodeModules: string): Promise<DuckDBApi> {
  const entry = path.join(nodeModules, API_ENTRY);
  // Loaded at run time from outside the bundle: webpackIgnore keeps ncc from resolving it.
  const mod = (await import(/* webpackIgnore: true */ pathToFileURL(entry).href)) as DuckDBApi & { default?: DuckDBApi };
  return (mod.DuckDBInstance ? mod : mod.default) as DuckDBApi;
}

let loaded: Promise<DuckDBApi> | undefined;

/** Loads DuckDB once per process, installing it first when needed. */
export function loadDuckDB(options: DuckDBLoadOptions = {}): Promise<DuckDBApi> {
  loaded ??= locateOrInstall(options).then(importDuckDB);
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

async function locateOrInstall(options: DuckDBLoadOptions): Promise<string> {
  const env = options.env ?? process.env;
  const explicit = options.nodeModules ?? env.DATAOPS_DUCKDB_NODE_MODULES;
  if (explicit) {
    if (!existsSync(path.join(explicit, API_ENTRY))) throw new ActionError(`DATAOPS_DUCKDB_NODE_MODULES=${explicit} does not contain @duckdb/node-api`);
    return explicit;
  }
  for (const from of options.resolveFrom ?? []) {
    try {
      const pkg = createRequire(path.join(from, 'noop.js')).resolve('@duckdb/node-api/package.json');
      const json = JSON.parse(await readFile(pkg, 'utf8')) as { version?: string };
      if (json.version === DUCKDB_NODE_API_VERSION) return path.resolve(path.dirname(pkg), '..', '..');
    } catch {
      // not installed there
    }
  }
  return installDuckDB(options);
}

export function installDir(options: DuckDBLoadOptions = {}): string {
  const env = options.env ?? process.env;
  const root = options.toolCacheRoot ?? env.RUNNER_TOOL_CACHE ?? path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'dataops-actions');
  return path.join(root, 'dataops-duckdb-node-api', DUCKDB_NODE_API_VERSION, platformKey());
}

/** Installs (or finds) the pinned packages in the tool cache; returns the node_modules folder. */
export async function installDuckDB(options: DuckDBLoadOptions = {}): Promise<string> {
  const log = options.log ?? (() => undefined);
  const dir = installDir(options);
  const nodeModules = path.join(dir, 'node_modules');
  if (existsSync(`${dir}.complete`) && existsSync(path.join(nodeModules, API_ENTRY))) return nodeModules;

  const packages = requiredPackages();
  const integrity = options.integrity ?? PINNED_INTEGRITY;
  const tarballs = path.join(dir, 'tarballs');
  const cacheKey = `dataops-duckdb-node-api-${DUCKDB_NODE_API_VERSION}-${platformKey()}`;
  let restored = false;
  if (options.actionsCache) restored = (await restoreCacheSafely([tarballs], cacheKey)) !== undefined;
  let files = restored
    ? await verifiedTarballs(tarballs, packages, integrity).catch(
        (err) => (log(`Cached DuckDB packages rejected (${errorMessage(err)}); fetching again`), undefined),
      )
    : undefined;
  if (!files) {
    log(`Installing @duckdb/node-api ${DUCKDB_NODE_API_VERSION} for ${platformKey()} with npm`);
    await rm(tarballs, { recursive: true, force: true });
    await mkdir(tarballs, { recursive: true });
    await npmPack(packages, tarballs, options);
    files = await verifiedTarballs(tarballs, packages, integrity);
    restored = false;
  }
  // Unpack next to the final folder and rename, so a half-written install is never used.
  const staging = path.join(dir, `.staging-${process.pid}-${Date.now()}`);
  await rm(staging, { recursive: true, force: true });
  for (const pkg of packages) await extractTarball(files.get(pkg.name)!, path.join(staging, ...pkg.name.split('/')));
  await rm(nodeModules, { recursive: true, force: true });
  await rename(staging, nodeModules);
  await writeFile(`${dir}.complete`, '');
  if (options.actionsCache && !restored) await saveCacheSafely([tarballs], cacheKey);
  return nodeModules;
}

async function npmPack(packages: PackageRef[], destination: string, options: DuckDBLoadOptions): Promise<void> {
  const specs = packages.map((p) => (options.packageSpec ? options.packageSpec(p) : `${p.name}@${p.version}`));
  const args = ['pack', ...specs, '--pack-destination', destination, '--json', '--ignore-scripts', '--no-fund', '--no-audit'];
  let result: { exitCode: number; stdout: string; stderr: string };
  try {
    result = await getExecOutput(options.npm ?? 'npm', args, {
      silent: true,
      ignoreReturnCode: true,
      env: { ...(options.env ?? process.env) } as Record<string, string>,
    });
  } catch (err) {
    throw new ActionError(`Cannot run npm to install DuckDB: ${errorMessage(err)}`, {
      hint: 'The embedded DuckDB is installed with the runner’s npm; make sure Node.js and npm are on PATH (actions/setup-node).',
    });
  }
  if (result.exitCode !== 0) {
    const reason =
      result.stderr
        .split('\n')
        .filter((l) => /npm (error|ERR!)/.test(l))
        .slice(0, 3)
        .join(' ') || result.stderr.trim().split('\n').slice(-3).join(' ');
    throw new ActionError(`npm could not fetch the DuckDB packages (${specs.join(', ')}): ${reason}`, {
      hint: 'npm uses the registry from its configuration (.npmrc / npm_config_registry); check that it is reachable from the runner.',
    });
  }
}

/** The tarball of each package, after checking its sha512 against the pinned integrity. */
async function verifiedTarballs(dir: string, packages: PackageRef[], integrity: Readonly<Record<string, string>>): Promise<Map<string, string>> {
  const names = await readdir(dir);
  const found = new Map<string, string>();
  for (const pkg of packages) {
    const file = names.find((n) => n === tarballName(pkg));
    if (!file) throw new ActionError(`npm did not produce ${tarballName(pkg)} for ${pkg.name}@${pkg.version}`);
    const full = path.join(dir, file);
    const expected = integrity[`${pkg.name}@${pkg.version}`];
    if (!expected)
      throw new ActionError(`No pinned integrity for ${pkg.name}@${pkg.version}; this platform (${platformKey()}) is not supported by the embedded DuckDB`);
    const actual = await sha512(full);
    if (actual !== expected) {
      throw new ActionError(`Integrity check failed for ${pkg.name}@${pkg.version}: expected ${expected}, got ${actual}`, {
        hint: 'The registry npm is configured with served a different file than the one pinned in this action. Nothing was installed.',
      });
    }
    found.set(pkg.name, full);
  }
  return found;
}

/** npm pack's file name: `@scope/name` → `scope-name-version.tgz`. */
export function tarballName(pkg: PackageRef): string {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}

export async function sha512(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

/**
 * Unpacks an npm tarball (gzip'd ustar, entries under `package/`) into `dest`. The tarball's
 * integrity was checked first; entries leaving `dest` are refused anyway.
 */
export async function extractTarball(file: string, dest: string): Promise<void> {
  const data = gunzipSync(await readFile(file));
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = data.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const pax = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (pax) longName = pax[1];
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type !== '0' && type !== '5') continue;
    name = name.replace(/^[^/]+\//, ''); // npm's `package/` folder
    const target = path.resolve(dest, name);
    if (target !== path.resolve(dest) && !target.startsWith(path.resolve(dest) + path.sep))
      throw new ActionError(`Refusing tarball entry outside its folder: ${name}`);
    if (type === '5') {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, body);
    const mode = parseInt(field(100, 8).trim() || '644', 8);
    if (mode & 0o111) await chmod(target, 0o755);
  }
}
