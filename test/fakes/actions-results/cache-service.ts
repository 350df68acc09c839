/**
 * github.actions.results.api.v1.CacheService (cache service v2) with GitHub's matching rules:
 * - an entry is (key, version, scope); version is the client's hash of paths + compression, so a
 *   different path list or zstd/gzip never matches;
 * - lookups walk the token's readable scopes in order (the job's ref, then base/default branch),
 *   and in each: exact key, then prefix of key, then each restore key (exact, then prefix), newest
 *   entry first;
 * - an entry cannot be overwritten: a second CreateCacheEntry for the same (key, version, scope),
 *   even while the first is still uploading, is `409 already_exists` with the real service's text;
 * - a token without a writable scope gets `ok:false` + `cache write denied:` (HTTP 200), one without
 *   a readable scope a `permission_denied` carrying `cache read denied:`, as the library expects.
 */
import type { BlobStore } from './blob-store.js';
import { PERMISSION_READ, PERMISSION_WRITE, type TokenClaims } from './token.js';
import { requireString, TwirpError, type TwirpRequest } from './twirp.js';

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  /** The ref the entry belongs to, e.g. `refs/heads/main`. */
  scope: string;
  /** size_bytes reported at finalize (0 until then). */
  size: number;
  createdAt: Date;
  finalized: boolean;
  /** Store key of the archive in the BlobStore. */
  blobPath: string;
  lastAccessedAt?: Date;
}

export class CacheService {
  private readonly entries: CacheEntry[] = [];
  private nextId = 1;

  constructor(private readonly blobs: BlobStore) {}

  list(): CacheEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  archive(entry: Pick<CacheEntry, 'blobPath'>): Buffer | undefined {
    return this.blobs.get(entry.blobPath)?.data;
  }

  /** Removes entries (like `gh cache delete`); returns how many went. */
  delete(match: (entry: CacheEntry) => boolean): number {
    let removed = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (!match(this.entries[i])) continue;
      this.blobs.delete(this.entries[i].blobPath);
      this.entries.splice(i, 1);
      removed++;
    }
    return removed;
  }

  call(rpc: string, req: TwirpRequest, claims: TokenClaims): unknown {
    switch (rpc) {
      case 'CreateCacheEntry':
        return this.create(req, claims);
      case 'FinalizeCacheEntryUpload':
        return this.finalize(req, claims);
      case 'GetCacheEntryDownloadURL':
        return this.lookup(req, claims);
      default:
        throw new TwirpError('bad_route', `no handler for path "/twirp/github.actions.results.api.v1.CacheService/${rpc}"`);
    }
  }

  private create(req: TwirpRequest, claims: TokenClaims) {
    const key = requireString(req, 'key');
    const version = requireString(req, 'version');
    const scope = writableScope(claims);
    if (!scope) return { ok: false, signed_upload_url: '', message: 'cache write denied: token has no writable scopes' };
    if (this.entries.some((e) => e.key === key && e.version === version && e.scope === scope)) {
      throw new TwirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
    }
    const id = this.nextId++;
    const blobPath = this.blobs.blobPath('cache', `${id}/archive`);
    this.entries.push({ id, key, version, scope, size: 0, createdAt: new Date(), finalized: false, blobPath });
    return { ok: true, signed_upload_url: this.blobs.signedUrl(blobPath, 'cw'), message: '' };
  }

  private finalize(req: TwirpRequest, claims: TokenClaims) {
    const key = requireString(req, 'key');
    const version = requireString(req, 'version');
    const sizeBytes = Number(req['size_bytes'] ?? 0);
    const scope = writableScope(claims);
    if (!scope) return { ok: false, entry_id: '0', message: 'cache write denied: token has no writable scopes' };
    const entry = this.entries.find((e) => e.key === key && e.version === version && e.scope === scope && !e.finalized);
    if (!entry) throw new TwirpError('not_found', 'cache entry not found');
    const blob = this.blobs.get(entry.blobPath);
    if (!blob) return { ok: false, entry_id: '0', message: 'cache entry upload was not found in storage' };
    if (blob.data.length !== sizeBytes) {
      return { ok: false, entry_id: '0', message: `cache entry size mismatch: finalize reported ${sizeBytes} bytes, storage holds ${blob.data.length}` };
    }
    entry.size = sizeBytes;
    entry.finalized = true;
    entry.createdAt = new Date();
    return { ok: true, entry_id: String(entry.id), message: '' };
  }

  private lookup(req: TwirpRequest, claims: TokenClaims) {
    const key = requireString(req, 'key');
    const version = requireString(req, 'version');
    const restoreKeys = Array.isArray(req['restore_keys']) ? (req['restore_keys'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
    const scopes = claims.scopes.filter((s) => s.permission & PERMISSION_READ).map((s) => s.scope);
    if (scopes.length === 0) throw new TwirpError('permission_denied', 'cache read denied: token has no readable scopes');

    for (const scope of scopes) {
      // Newest first; ids break ties within one millisecond.
      const candidates = this.entries
        .filter((e) => e.finalized && e.scope === scope && e.version === version)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
      const hit =
        candidates.find((e) => e.key === key) ??
        candidates.find((e) => e.key.startsWith(key)) ??
        firstDefined(restoreKeys, (rk) => candidates.find((e) => e.key === rk) ?? candidates.find((e) => e.key.startsWith(rk)));
      if (hit) {
        hit.lastAccessedAt = new Date();
        return { ok: true, signed_download_url: this.blobs.signedUrl(hit.blobPath, 'r'), matched_key: hit.key };
      }
    }
    return { ok: false, signed_download_url: '', matched_key: '' };
  }
}

/** The scope a save goes to: the token's writable entry (the job's own ref). */
function writableScope(claims: TokenClaims): string | undefined {
  return claims.scopes.find((s) => s.permission & PERMISSION_WRITE)?.scope;
}

function firstDefined<T, R>(items: T[], fn: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const result = fn(item);
    if (result !== undefined) return result;
  }
  return undefined;
}
