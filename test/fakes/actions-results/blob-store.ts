/**
 * Just enough Azure Blob Storage for the signed URLs the results service hands out.
 *
 * Who calls what (at @actions/cache 6.3 / @actions/artifact 6.2, @azure/storage-blob 12.3x):
 * - cache save: BlockBlobClient.uploadFile → one `PUT` with `x-ms-blob-type: BlockBlob` (files up
 *   to 128 MiB), else `PUT ?comp=block&blockid=` stages then `PUT ?comp=blocklist`.
 * - artifact upload: BlockBlobClient.uploadStream → always stages blocks, then commits a block list
 *   carrying `x-ms-blob-content-type`.
 * - cache restore: the library only uses the Azure SDK (HEAD + ranged GETs with `x-ms-range`) when
 *   the host ends in `.blob.core.windows.net`; for a local fake it does one plain `GET` and checks
 *   Content-Length. Artifact download is always a plain `GET` expecting 200. Both are served here,
 *   ranged reads too, so the SDK path works if a test ever points at it.
 * URLs are path-style (`/<account>/<container>/<blob>`), as the SDK expects for IP hosts, and carry
 * a SAS (`sp`, `se`, `sig`) that is checked, so a mangled or wrong-permission URL fails with 403.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const STORAGE_ACCOUNT = 'fakeactionsresults';
const SERVICE_VERSION = '2025-05-05';

export interface StoredBlob {
  data: Buffer;
  contentType: string;
  /** Set only by a single-shot Put Blob, as Azure does (a block list commit stores no MD5). */
  contentMd5?: string;
  etag: string;
  createdAt: Date;
  lastModified: Date;
  /** The committed blocks, kept so a later block list may refer to them as <Committed>. */
  blocks: Map<string, Buffer>;
}

export class BlobError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('base64');

/** Writes an error the way Blob Storage does: XML body plus `x-ms-error-code`. */
export function writeBlobError(req: IncomingMessage, res: ServerResponse, error: BlobError): void {
  const requestId = randomUUID();
  const body =
    req.method === 'HEAD'
      ? ''
      : `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${error.message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
  res.writeHead(error.status, {
    ...commonHeaders(req, requestId),
    'x-ms-error-code': error.code,
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function commonHeaders(req: IncomingMessage, requestId = randomUUID()): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-version': String(req.headers['x-ms-version'] ?? SERVICE_VERSION),
    date: new Date().toUTCString(),
    server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0',
  };
  const clientRequestId = req.headers['x-ms-client-request-id'];
  if (typeof clientRequestId === 'string') headers['x-ms-client-request-id'] = clientRequestId;
  return headers;
}

/** Parses `bytes=a-b` / `bytes=a-` against a blob size; undefined = whole blob. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!match) return undefined; // Azure ignores a malformed range and returns the whole blob
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) throw new BlobError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.');
  return { start, end };
}

export class BlobStore {
  private readonly committed = new Map<string, StoredBlob>();
  private readonly uncommitted = new Map<string, Map<string, Buffer>>();

  constructor(
    private readonly secret: Buffer,
    private readonly origin: () => string,
  ) {}

  /** The blob path (`/<account>/<container>/<name>`) as a URL pathname, the store's key. */
  blobPath(container: string, name: string): string {
    return new URL(`/${STORAGE_ACCOUNT}/${container}/${name}`, 'http://x').pathname;
  }

  /**
   * A SAS URL: `permissions` is `r` for downloads and `cw` for uploads, like the service's.
   * `contentDisposition` becomes the SAS `rscd` parameter, which Azure serves as Content-Disposition.
   */
  signedUrl(path: string, permissions: 'r' | 'cw', options: { ttlMs?: number; contentDisposition?: string } = {}): string {
    const url = new URL(path, this.origin());
    const expiry = new Date(Date.now() + (options.ttlMs ?? 6 * 3600_000)).toISOString().replace(/\.\d+Z$/, 'Z');
    url.searchParams.set('sv', SERVICE_VERSION);
    url.searchParams.set('spr', 'http');
    url.searchParams.set('se', expiry);
    url.searchParams.set('sr', 'b');
    url.searchParams.set('sp', permissions);
    if (options.contentDisposition) url.searchParams.set('rscd', options.contentDisposition);
    url.searchParams.set('sig', this.signature(url.pathname, permissions, expiry));
    return url.toString();
  }

  get(path: string): StoredBlob | undefined {
    return this.committed.get(path);
  }

  delete(path: string): void {
    this.committed.delete(path);
    this.uncommitted.delete(path);
  }

  /** Serves one request under `/<account>/`; `body` is the fully read request body. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    try {
      const method = req.method ?? 'GET';
      this.authorize(url, method === 'PUT' ? 'w' : 'r');
      if (req.headers['x-ms-structured-body']) {
        throw new BlobError(400, 'UnsupportedHeader', 'The fake does not decode structured (CRC64) message bodies.');
      }
      const comp = url.searchParams.get('comp');
      if (method === 'PUT' && comp === 'block') return this.putBlock(req, res, url, body);
      if (method === 'PUT' && comp === 'blocklist') return this.putBlockList(req, res, url, body);
      if (method === 'PUT' && comp === null) return this.putBlob(req, res, url, body);
      if ((method === 'GET' || method === 'HEAD') && comp === null) return this.getBlob(req, res, url);
      throw new BlobError(400, 'UnsupportedHttpVerb', `The fake does not implement ${method} ${comp ? `comp=${comp}` : ''}.`);
    } catch (error) {
      if (error instanceof BlobError) return writeBlobError(req, res, error);
      throw error;
    }
  }

  private signature(pathname: string, permissions: string, expiry: string): string {
    return createHmac('sha256', this.secret).update(`${permissions}\n${expiry}\n${pathname}`).digest('base64');
  }

  private authorize(url: URL, needed: 'r' | 'w'): void {
    const sp = url.searchParams.get('sp') ?? '';
    const se = url.searchParams.get('se') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    if (!sig || sig !== this.signature(url.pathname, sp, se)) {
      throw new BlobError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
      );
    }
    if (Date.parse(se) < Date.now()) throw new BlobError(403, 'AuthenticationFailed', 'Signed expiry time has to be after signed start time');
    if (!sp.includes(needed))
      throw new BlobError(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.');
  }

  private store(path: string, data: Buffer, contentType: string | undefined, blocks: Map<string, Buffer>, contentMd5?: string): StoredBlob {
    const now = new Date();
    const blob: StoredBlob = {
      data,
      contentType: contentType ?? 'application/octet-stream',
      contentMd5,
      etag: `"0x${randomUUID().replace(/-/g, '').slice(0, 15).toUpperCase()}"`,
      createdAt: this.committed.get(path)?.createdAt ?? now,
      lastModified: now,
      blocks,
    };
    this.committed.set(path, blob);
    this.uncommitted.delete(path);
    return blob;
  }

  private putBlob(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
      throw new BlobError(400, 'MissingRequiredHeader', 'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type.');
    }
    const blob = this.store(url.pathname, body, header(req, 'x-ms-blob-content-type'), new Map(), md5(body));
    res.writeHead(201, {
      ...commonHeaders(req),
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'content-md5': md5(body),
      'x-ms-request-server-encrypted': 'true',
      'content-length': 0,
    });
    res.end();
  }

  private putBlock(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const blockId = url.searchParams.get('blockid') ?? '';
    // Azure requires base64 block ids of equal length within one blob (the SDK always complies).
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blockId) || Buffer.from(blockId, 'base64').length > 64) {
      throw new BlobError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.');
    }
    const blocks = this.uncommitted.get(url.pathname) ?? new Map<string, Buffer>();
    const first = blocks.keys().next();
    if (!first.done && first.value.length !== blockId.length) throw new BlobError(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.');
    blocks.set(blockId, body);
    this.uncommitted.set(url.pathname, blocks);
    res.writeHead(201, { ...commonHeaders(req), 'content-md5': md5(body), 'x-ms-request-server-encrypted': 'true', 'content-length': 0 });
    res.end();
  }

  private putBlockList(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const staged = this.uncommitted.get(url.pathname) ?? new Map<string, Buffer>();
    const committed = this.committed.get(url.pathname)?.blocks ?? new Map<string, Buffer>();
    const chosen = new Map<string, Buffer>();
    for (const [, kind, id] of body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)) {
      const block = kind === 'Committed' ? committed.get(id) : kind === 'Uncommitted' ? staged.get(id) : (staged.get(id) ?? committed.get(id));
      if (!block) throw new BlobError(400, 'InvalidBlockList', 'The specified block list is invalid.');
      chosen.set(id, block);
    }
    const blob = this.store(url.pathname, Buffer.concat([...chosen.values()]), header(req, 'x-ms-blob-content-type'), chosen);
    res.writeHead(201, {
      ...commonHeaders(req),
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      // Put Block List's MD5 describes the request (the block list), not the blob.
      'content-md5': md5(body),
      'x-ms-request-server-encrypted': 'true',
      'content-length': 0,
    });
    res.end();
  }

  private getBlob(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const blob = this.committed.get(url.pathname);
    if (!blob) throw new BlobError(404, 'BlobNotFound', 'The specified blob does not exist.');
    const range = parseRange(header(req, 'x-ms-range') ?? header(req, 'range'), blob.data.length);
    const slice = range ? blob.data.subarray(range.start, range.end + 1) : blob.data;
    const headers: Record<string, string | number> = {
      ...commonHeaders(req),
      'content-length': slice.length,
      'content-type': url.searchParams.get('rsct') ?? blob.contentType,
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-creation-time': blob.createdAt.toUTCString(),
      'x-ms-lease-state': 'available',
      'x-ms-lease-status': 'unlocked',
      'x-ms-server-encrypted': 'true',
    };
    const disposition = url.searchParams.get('rscd');
    if (disposition) headers['content-disposition'] = disposition;
    // A ranged read reports the whole blob's MD5 in x-ms-blob-content-md5, a full read in Content-MD5.
    if (blob.contentMd5) headers[range ? 'x-ms-blob-content-md5' : 'content-md5'] = blob.contentMd5;
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${blob.data.length}`;
    res.writeHead(range ? 206 : 200, headers);
    res.end(req.method === 'HEAD' ? undefined : slice);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
