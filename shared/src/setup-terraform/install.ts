/**
 * The cold path: get a release's archive, SHA256SUMS and detached signature (from the cross-run
 * cache or the releases site), verify the signature with the trusted key and the archive against
 * SHA256SUMS, and only then extract it into the tool cache. Any verification failure deletes the
 * downloaded files and installs nothing. Loaded only when the tool cache misses.
 *
 * The OpenPGP code and the cache client are big: they load in parallel with the downloads
 * (OpenPGP) or only when the cache service is configured at all (the cache client).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { downloadFile, fetchText, HttpStatusError, VerificationError, type DownloadResult } from '../download.js';
import { ActionError, errorMessage } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { Platform } from './platform.js';
import { parseSha256Sums, type ReleaseLayout, type VersionIndex } from './releases.js';
import { extractZipSafely } from './safe-unzip.js';
import type { TrustedKey } from './signature.js';
import { installAtomically, type CachedTool } from './tool-cache.js';
import { HASHICORP_RELEASE_KEY, OPENTOFU_RELEASE_KEY } from './vendor-keys.js';
import { nearbyVersions } from './version.js';

export interface InstallOptions {
  layout: ReleaseLayout;
  version: string;
  platform: Platform;
  /** The release index, when resolving already fetched it. */
  index?: VersionIndex;
  /** Keep the verified archive across runs with @actions/cache. */
  useCache: boolean;
  metrics: Metrics;
}

export interface InstallResult {
  tool: CachedTool;
  /** Restored from the cross-run cache (no download from the releases site). */
  fromCache: boolean;
}

export async function trustedKeys(layout: ReleaseLayout, customKey: string, inputName: string): Promise<TrustedKey[]> {
  const { formatFingerprint, loadCustomKeys, loadVendorKey } = await import('./signature.js');
  if (customKey === '') return [await loadVendorKey(layout.tool === 'opentofu' ? OPENTOFU_RELEASE_KEY : HASHICORP_RELEASE_KEY)];
  const keys = await loadCustomKeys(customKey, inputName);
  for (const k of keys) {
    core.warning(
      `${layout.title} releases are verified with the key from '${inputName}' (${k.owner}, fingerprint ${formatFingerprint(k.fingerprint)}) INSTEAD of the vendor's release key: only the mirror's re-signing is checked.`,
    );
  }
  return keys;
}

/** The cache client (and its storage SDK) loads only where a cache service is configured. */
function cacheConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL);
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The files of one release in a folder that is also the cross-run cache's path. */
function workFolder(o: InstallOptions) {
  const dir = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'setup-terraform', `${o.layout.binary}_${o.version}_${o.platform.os}_${o.platform.arch}`);
  return {
    dir,
    archive: path.join(dir, o.layout.archiveName(o.version, o.platform)),
    sums: path.join(dir, o.layout.sumsName(o.version)),
    signature: path.join(dir, 'SHA256SUMS.signature'),
    cacheKey: `setup-terraform-${o.layout.binary}-${o.version}-${o.platform.os}-${o.platform.arch}-v1`,
  };
}

async function notFound(o: InstallOptions, url: string): Promise<ActionError> {
  let nearby: string[] = [];
  try {
    const index = o.index ?? o.layout.parseIndex(await fetchText(o.layout.indexUrl, { attempts: 2 }));
    nearby = nearbyVersions(index.versions, o.version);
  } catch (err) {
    core.debug(`Could not list versions: ${errorMessage(err)}`);
  }
  return new ActionError(`${o.layout.title} ${o.version} was not found: ${url} answered 404`, {
    hint: nearby.length ? `Versions near it: ${nearby.join(', ')}` : `See ${o.layout.indexUrl} for the published versions.`,
  });
}

/** Downloads the three files at once; returns the archive's SHA-256 (computed while streaming). */
async function download(o: InstallOptions, keys: Promise<TrustedKey[]>, folder: ReturnType<typeof workFolder>): Promise<string> {
  const { layout, version, metrics } = o;
  const onRetry = () => metrics.count('retries');
  const get = async (file: string, dest: string) => {
    const result = await downloadFile(layout.fileUrl(version, file), dest, { onRetry });
    metrics.count('download_bytes', result.bytes);
    return result;
  };
  const sumsName = layout.sumsName(version);
  const archiveName = layout.archiveName(version, o.platform);
  const signature = (async () => {
    const keyIdShort = (await keys)[0].fingerprint.slice(-8).toUpperCase();
    const tried: string[] = [];
    for (const name of layout.signatureNames(version, keyIdShort, o.index)) {
      try {
        return await get(name, folder.signature);
      } catch (err) {
        if (!(err instanceof HttpStatusError && err.status === 404)) throw err;
        tried.push(layout.fileUrl(version, name));
      }
    }
    throw new VerificationError(`${sumsName} has no signature: ${tried.join(' and ')} answered 404`);
  })();
  // All three at once; the archive is only trusted after the verify phase.
  const [sums, sig, archive] = await Promise.allSettled<DownloadResult>([get(sumsName, folder.sums), signature, get(archiveName, folder.archive)]);
  if (sums.status === 'rejected') {
    const err = sums.reason;
    throw err instanceof HttpStatusError && err.status === 404 ? await notFound(o, err.url) : err;
  }
  if (sig.status === 'rejected') throw sig.reason;
  if (archive.status === 'rejected') {
    const err = archive.reason;
    if (err instanceof HttpStatusError && err.status === 404) {
      const listed = [...parseSha256Sums(await readFile(folder.sums, 'utf8')).keys()]
        .filter((f) => f.endsWith('.zip'))
        .map((f) => f.replace(`${layout.binary}_${version}_`, '').replace(/\.zip$/, ''));
      throw new ActionError(`${layout.title} ${version} has no build for ${o.platform.os}_${o.platform.arch} (${err.url} answered 404)`, {
        hint: listed.length ? `Platforms in this release: ${listed.join(', ')}` : undefined,
      });
    }
    throw err;
  }
  return archive.value.sha256;
}

async function verify(o: InstallOptions, keys: TrustedKey[], folder: ReturnType<typeof workFolder>, archiveSha256?: string): Promise<void> {
  const { formatFingerprint, verifyDetached } = await import('./signature.js');
  const sumsName = o.layout.sumsName(o.version);
  const sumsBytes = await readFile(folder.sums);
  const check = await verifyDetached(sumsBytes, await readFile(folder.signature), keys, { data: sumsName, signature: `the signature of ${sumsName}` });
  core.info(
    `Signature of ${sumsName}: good, by ${check.owner} (primary key ${formatFingerprint(check.fingerprint)}, signing key ${check.signingKeyId.toUpperCase()})`,
  );
  const archiveName = path.basename(folder.archive);
  const expected = parseSha256Sums(sumsBytes.toString('utf8')).get(archiveName);
  if (!expected) throw new VerificationError(`${sumsName} has no checksum for ${archiveName}`);
  const actual = archiveSha256 ?? (await sha256File(folder.archive));
  if (actual !== expected)
    throw new VerificationError(`Checksum mismatch for ${archiveName}: ${sumsName} says SHA-256 ${expected}, the download has ${actual}`);
  core.info(`SHA-256 of ${archiveName}: ${actual} (matches ${sumsName})`);
}

export async function installRelease(o: InstallOptions, keysPromise: Promise<TrustedKey[]>): Promise<InstallResult> {
  const { metrics } = o;
  const folder = workFolder(o);
  // Without a cache service (outside GitHub, or disabled) there is nothing to restore or save.
  const cache = o.useCache && cacheConfigured() ? await import('../cache.js') : undefined;
  let fromCache = false;
  try {
    if (cache) {
      const hit = await metrics.phase('cache', () => cache.restoreCacheSafely([folder.dir], folder.cacheKey));
      fromCache = hit !== undefined && [folder.archive, folder.sums, folder.signature].every((f) => existsSync(f));
      if (fromCache) {
        metrics.count('actions_cache_hit');
        core.info(`Restored ${path.basename(folder.archive)} from the Actions cache (${folder.cacheKey}); verifying it again`);
        try {
          const keys = await keysPromise;
          await metrics.phase('verify', () => verify(o, keys, folder));
        } catch (err) {
          // A cache entry that does not verify is ignored, never trusted: download afresh.
          core.warning(`The cached copy failed verification (${errorMessage(err)}); downloading it again`);
          fromCache = false;
          await rm(folder.dir, { recursive: true, force: true });
        }
      }
    }
    if (!fromCache) {
      const archiveSha256 = await metrics.phase('download', () => download(o, keysPromise, folder));
      const keys = await keysPromise;
      await metrics.phase('verify', () => verify(o, keys, folder, archiveSha256));
    }
    const tool = await metrics.phase('install', () =>
      installAtomically(o.layout.binary, o.version, o.platform, async (dir) => {
        const files = await extractZipSafely(folder.archive, dir);
        core.info(`Extracted ${files.length} file(s): ${files.join(', ')}`);
      }),
    );
    if (cache && !fromCache) {
      const saved = await metrics.phase('cache', () => cache.saveCacheSafely([folder.dir], folder.cacheKey));
      if (saved) core.info(`Saved the verified release files to the Actions cache as ${folder.cacheKey}`);
    }
    return { tool, fromCache };
  } finally {
    // Nothing unverified stays behind, and a verified copy is in the tool cache by now.
    await rm(folder.dir, { recursive: true, force: true });
  }
}
