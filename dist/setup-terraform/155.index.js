export const id = 155;
export const ids = [155,983];
export const modules = {

/***/ 28983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F9: () => (/* binding */ HttpStatusError),
/* harmony export */   PE: () => (/* binding */ downloadFile),
/* harmony export */   fetchText: () => (/* binding */ fetchText),
/* harmony export */   mk: () => (/* binding */ VerificationError)
/* harmony export */ });
/* unused harmony export isTransient */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(44942);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(33904);
/* harmony import */ var _http_body_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(75680);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(38189);
/**
 * Streaming downloads with retries, verified while streaming (size and SHA-256), written to a
 * temporary file that is renamed into place only when complete: an interrupted or tampered
 * download never leaves a file behind.
 */










class HttpStatusError extends _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ {
    url;
    status;
    constructor(url, status) {
        super(`HTTP ${status} from ${url}`);
        this.url = url;
        this.status = status;
        this.name = 'HttpStatusError';
    }
}
class VerificationError extends _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ActionError */ .lZ {
    constructor(message) {
        super(message);
        this.name = 'VerificationError';
    }
}
/** 5xx, 429, timeouts and dropped connections are worth retrying; 4xx and bad checksums are not. */
function isTransient(err) {
    if (err instanceof HttpStatusError)
        return err.status >= 500 || err.status === 429 || err.status === 408;
    if (err instanceof VerificationError || err instanceof _http_body_js__WEBPACK_IMPORTED_MODULE_8__/* .ResponseTooLargeError */ .b)
        return false;
    return true;
}
function client(timeoutMs) {
    return new _actions_http_client__WEBPACK_IMPORTED_MODULE_6__/* .HttpClient */ .Qq('dataops-actions', [], { socketTimeout: timeoutMs, allowRetries: false, maxRetries: 0 });
}
/** GET a small text body (an index, a checksum file) with retries. */
async function fetchText(url, options = {}) {
    const { attempts = 4, timeoutMs = 60_000, maxBytes = 64 * 1024 * 1024 } = options;
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_9__/* .withRetries */ .L)(async () => {
        const res = await client(timeoutMs).get(url, options.headers);
        const status = res.message.statusCode ?? 0;
        if (status !== 200) {
            res.message.resume();
            throw new HttpStatusError(url, status);
        }
        const expected = Number(res.message.headers['content-length']);
        const bytes = await (0,_http_body_js__WEBPACK_IMPORTED_MODULE_8__/* .readResponseBody */ .O)(res.message, url, maxBytes);
        if (Number.isFinite(expected) && bytes.length !== expected) {
            throw new Error(`Truncated response from ${url}: ${bytes.length} of ${expected} bytes`);
        }
        return bytes.toString('utf8');
    }, { attempts, shouldRetry: isTransient, onRetry: options.onRetry, label: `GET ${url}` });
}
/** Downloads url to dest (created atomically), verifying size and checksum while streaming. */
async function downloadFile(url, dest, options = {}) {
    const { attempts = 4, timeoutMs = 120_000, maxBytes = 2 * 1024 * 1024 * 1024 } = options;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(dest), { recursive: true });
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_9__/* .withRetries */ .L)(async () => {
        const tmp = `${dest}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}.part`;
        try {
            const res = await client(timeoutMs).get(url, options.headers);
            const status = res.message.statusCode ?? 0;
            if (status !== 200) {
                res.message.resume();
                throw new HttpStatusError(url, status);
            }
            const expected = Number(res.message.headers['content-length']);
            const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
            let bytes = 0;
            const meter = new node_stream__WEBPACK_IMPORTED_MODULE_4__.Transform({
                transform(chunk, _enc, done) {
                    bytes += chunk.length;
                    if (bytes > maxBytes)
                        return done(new VerificationError(`Download of ${url} exceeds ${maxBytes} bytes`));
                    hash.update(chunk);
                    done(null, chunk);
                },
            });
            try {
                await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_5__.pipeline)(res.message, meter, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(tmp, { flags: 'wx' }));
            }
            catch (err) {
                // A connection dropped mid-body surfaces as a bare "aborted": say what happened.
                if (err instanceof VerificationError || res.message.complete)
                    throw err;
                throw new Error(`Truncated download of ${url}: got ${bytes} of ${Number.isFinite(expected) ? expected : '?'} bytes (${err.message})`, {
                    cause: err,
                });
            }
            if (!res.message.complete || (Number.isFinite(expected) && bytes !== expected)) {
                throw new Error(`Truncated download of ${url}: got ${bytes} of ${Number.isFinite(expected) ? expected : '?'} bytes`);
            }
            const sha256 = hash.digest('hex');
            if (options.sha256 && sha256 !== options.sha256.toLowerCase()) {
                throw new VerificationError(`Checksum mismatch for ${node_path__WEBPACK_IMPORTED_MODULE_3__.basename(dest)}: expected SHA-256 ${options.sha256}, got ${sha256}`);
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, dest);
            return { path: dest, bytes, sha256 };
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
        }
    }, { attempts, shouldRetry: isTransient, onRetry: options.onRetry, label: `Download ${url}` });
}


/***/ }),

/***/ 10155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  installRelease: () => (/* binding */ installRelease),
  trustedKeys: () => (/* binding */ trustedKeys)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: ./shared/src/download.ts
var download = __webpack_require__(28983);
// EXTERNAL MODULE: ./shared/src/errors.ts
var errors = __webpack_require__(33904);
// EXTERNAL MODULE: ./shared/src/setup-terraform/releases.ts + 1 modules
var releases = __webpack_require__(73515);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(20663);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/safe-unzip.ts
/**
 * Zip extraction that cannot write outside its destination: entries with absolute paths, drive
 * letters or `..` segments are refused, symlinks must point inside the destination, nothing is
 * written through a symlink that leads out, existing files are never overwritten, and the total
 * size is capped (zip bombs). Any refusal fails the whole extraction.
 *
 * Symlinks are judged by where they really lead, not by their text: `a -> b/c/..` looks inside but
 * leaves when `b/c` is itself a link to `..`. Every path is resolved link by link on the disk
 * (realInside) before anything is created, and every symlink is checked again once all entries are
 * out, since a later entry can change what an earlier link's text passes through.
 */








class UnsafeArchiveError extends download/* VerificationError */.mk {
    constructor(archive, detail) {
        super(`Refusing to extract ${external_node_path_.basename(archive)}: ${detail}`);
        this.name = 'UnsafeArchiveError';
    }
}
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
function isInside(root, target) {
    const rel = external_node_path_.relative(root, target);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_.isAbsolute(rel));
}
/** Symlinks followed in one resolution before giving up, like the kernel's ELOOP limit. */
const MAX_LINK_HOPS = 40;
/**
 * Where the relative path `rel` really leads from the real directory `from` (inside root), following
 * every symlink on the way as the kernel would, dangling ones included; a part that does not exist
 * yet is taken as written. Undefined when the walk passes outside root at any point (even to come
 * back), meets an absolute link, or loops.
 */
async function realInside(root, from, rel, hops = { left: MAX_LINK_HOPS }) {
    let current = from;
    // Both separators: on Windows, path.relative gives backslashes (texts with them are refused earlier).
    for (const part of rel.split(/[/\\]/)) {
        if (part === '' || part === '.')
            continue;
        // `current` is always a real path, so `..` is its real parent.
        current = part === '..' ? external_node_path_.dirname(current) : external_node_path_.join(current, part);
        if (!isInside(root, current))
            return undefined;
        if (part === '..')
            continue;
        let link;
        try {
            if (!(await (0,promises_.lstat)(current)).isSymbolicLink())
                continue;
            link = await (0,promises_.readlink)(current);
        }
        catch (err) {
            // Not there (yet): the rest of the path is taken as written.
            const code = err.code;
            if (code === 'ENOENT' || code === 'ENOTDIR')
                continue;
            throw err;
        }
        if (--hops.left < 0 || external_node_path_.isAbsolute(link) || link.includes('\\'))
            return undefined;
        const target = await realInside(root, external_node_path_.dirname(current), link, hops);
        if (target === undefined)
            return undefined;
        current = target;
    }
    return current;
}
/** The entry's path under root, or a reason it is unsafe. */
function entryPath(root, name) {
    if (name.includes('\0'))
        return { unsafe: `entry ${JSON.stringify(name)} has a NUL byte in its name` };
    if (name.includes('\\'))
        return { unsafe: `entry ${JSON.stringify(name)} uses backslashes` };
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
        return { unsafe: `entry ${JSON.stringify(name)} has an absolute path` };
    if (name.split('/').includes('..'))
        return { unsafe: `entry ${JSON.stringify(name)} climbs out with ..` };
    const target = external_node_path_.resolve(root, name);
    if (!isInside(root, target))
        return { unsafe: `entry ${JSON.stringify(name)} would be written outside the destination` };
    return target;
}
function openZip(file) {
    return new Promise((resolve, reject) => 
    // decodeStrings: false so our own checks see the raw names (yauzl's checks would throw generic errors).
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
}
function openEntry(zip, entry, options) {
    return new Promise((resolve, reject) => zip.openReadStream(entry, options, (err, stream) => (err ? reject(err) : resolve(stream))));
}
const STORED = 0;
const DEFLATED = 8;
/** Inflating in 1 MiB pieces instead of zlib's default 16 KiB halves the CPU a release costs. */
const INFLATE_CHUNK = 1024 * 1024;
function decodeName(entry) {
    const raw = entry.fileName;
    // Bit 11: UTF-8 names; otherwise CP437, whose printable ASCII subset is all release archives use.
    return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}
async function readAll(stream, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        size += chunk.length;
        if (size > limit)
            throw new Error('symlink target is too long');
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/** Extracts archive into dest (which must exist and be empty); returns the relative paths written. */
async function extractZipSafely(archive, dest, options = {}) {
    const { maxBytes = 2 * 1024 * 1024 * 1024, maxEntries = 10_000 } = options;
    const root = await (0,promises_.realpath)(dest);
    const zip = await openZip(archive);
    const written = [];
    const links = [];
    let total = 0;
    let count = 0;
    try {
        await new Promise((resolve, reject) => {
            const fail = (err) => {
                zip.close();
                reject(err);
            };
            zip.on('error', fail);
            zip.on('end', () => resolve());
            zip.on('entry', (entry) => {
                (async () => {
                    if (++count > maxEntries)
                        throw new UnsafeArchiveError(archive, `more than ${maxEntries} entries`);
                    const name = decodeName(entry);
                    const target = entryPath(root, name);
                    if (typeof target !== 'string')
                        throw new UnsafeArchiveError(archive, target.unsafe);
                    const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
                    const kind = mode & S_IFMT;
                    const throughLink = () => new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is written through a symlink that leads outside`);
                    if (name.endsWith('/') || kind === S_IFDIR) {
                        // Created where the path really leads (folders already there may be links), never outside.
                        const real = await realInside(root, root, external_node_path_.relative(root, target));
                        if (real === undefined)
                            throw throughLink();
                        await (0,promises_.mkdir)(real, { recursive: true });
                    }
                    else {
                        const parent = await realInside(root, root, external_node_path_.relative(root, external_node_path_.dirname(target)));
                        if (parent === undefined)
                            throw throughLink();
                        await (0,promises_.mkdir)(parent, { recursive: true });
                        // Second line of defence: the kernel's own view of the parent must agree.
                        if (!isInside(root, await (0,promises_.realpath)(parent)))
                            throw throughLink();
                        const real = external_node_path_.join(parent, external_node_path_.basename(target));
                        if (entry.isEncrypted())
                            throw new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is encrypted`);
                        if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
                            throw new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}`);
                        }
                        const deflated = entry.compressionMethod === DEFLATED;
                        // Raw bytes, inflated here (yauzl's own inflate uses small pieces).
                        const stream = await openEntry(zip, entry, { decompress: deflated ? false : null });
                        if (kind === S_IFLNK) {
                            const link = (await readAll(deflated ? stream.pipe((0,external_node_zlib_.createInflateRaw)()) : stream, 4096)).toString('utf8');
                            const resolved = external_node_path_.resolve(external_node_path_.dirname(target), link);
                            // The text must stay inside, and so must where it really leads through the links already there.
                            if (external_node_path_.isAbsolute(link) || link.includes('\\') || !isInside(root, resolved) || (await realInside(root, parent, link)) === undefined) {
                                throw new UnsafeArchiveError(archive, `symlink ${JSON.stringify(name)} points outside the destination (${JSON.stringify(link)})`);
                            }
                            await (0,promises_.symlink)(link, real);
                            links.push(name);
                        }
                        else {
                            let size = 0;
                            const meter = new external_node_stream_.Transform({
                                transform(chunk, _enc, done) {
                                    size += chunk.length;
                                    total += chunk.length;
                                    if (total > maxBytes)
                                        return done(new UnsafeArchiveError(archive, `it expands beyond ${maxBytes} bytes`));
                                    if (size > entry.uncompressedSize)
                                        return done(new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is larger than its header says`));
                                    done(null, chunk);
                                },
                            });
                            const out = (0,external_node_fs_.createWriteStream)(real, { flags: 'wx', mode: mode & 0o777 || 0o644 }); // 'wx': a duplicate entry never overwrites
                            if (deflated)
                                await (0,external_node_stream_promises_.pipeline)(stream, (0,external_node_zlib_.createInflateRaw)({ chunkSize: INFLATE_CHUNK }), meter, out);
                            else
                                await (0,external_node_stream_promises_.pipeline)(stream, meter, out);
                            if (size !== entry.uncompressedSize)
                                throw new UnsafeArchiveError(archive, `entry ${JSON.stringify(name)} is ${size} bytes, its header says ${entry.uncompressedSize}`);
                        }
                    }
                    written.push(name);
                    zip.readEntry();
                })().catch(fail);
            });
            zip.readEntry();
        });
    }
    finally {
        zip.close();
    }
    // A later entry may have made a link's text lead elsewhere (a folder it passes through became a link).
    for (const name of links) {
        if ((await realInside(root, root, name)) === undefined) {
            throw new UnsafeArchiveError(archive, `symlink ${JSON.stringify(name)} points outside the destination once all entries are extracted`);
        }
    }
    return written;
}

// EXTERNAL MODULE: ./shared/src/setup-terraform/tool-cache.ts
var tool_cache = __webpack_require__(3671);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/vendor-keys.ts
/**
 * The vendors' release-signing public keys, embedded so trust is anchored in this repository and
 * never fetched from the same place as the release. Each key is pinned by its primary-key
 * fingerprint; a test fails when a key is within 90 days of expiring, so it is refreshed in time
 * (HashiCorp's previous copy of this key expired in April 2026 and broke every verifier that
 * embedded it).
 *
 * HashiCorp: https://www.hashicorp.com/.well-known/pgp-key.txt (a minimal export: primary key and
 * the signing subkey 374E C75B 4859 1360 4A83 1CC7 C820 C6D5 CD27 AB87), valid to 2030-03-01.
 * OpenTofu: https://get.opentofu.org/opentofu.asc (signs with its primary key; no expiry set).
 */
const HASHICORP_RELEASE_KEY = {
    owner: 'HashiCorp Security <security@hashicorp.com>',
    fingerprint: 'c874011f0ab405110d02105534365d9472d7468f',
    expires: '2030-03-01T23:14:24Z',
    armored: `-----BEGIN PGP PUBLIC KEY BLOCK-----

mQINBGB9+xkBEACabYZOWKmgZsHTdRDiyPJxhbuUiKX65GUWkyRMJKi/1dviVxOX
PG6hBPtF48IFnVgxKpIb7G6NjBousAV+CuLlv5yqFKpOZEGC6sBV+Gx8Vu1CICpl
Zm+HpQPcIzwBpN+Ar4l/exCG/f/MZq/oxGgH+TyRF3XcYDjG8dbJCpHO5nQ5Cy9h
QIp3/Bh09kET6lk+4QlofNgHKVT2epV8iK1cXlbQe2tZtfCUtxk+pxvU0UHXp+AB
0xc3/gIhjZp/dePmCOyQyGPJbp5bpO4UeAJ6frqhexmNlaw9Z897ltZmRLGq1p4a
RnWL8FPkBz9SCSKXS8uNyV5oMNVn4G1obCkc106iWuKBTibffYQzq5TG8FYVJKrh
RwWB6piacEB8hl20IIWSxIM3J9tT7CPSnk5RYYCTRHgA5OOrqZhC7JefudrP8n+M
pxkDgNORDu7GCfAuisrf7dXYjLsxG4tu22DBJJC0c/IpRpXDnOuJN1Q5e/3VUKKW
mypNumuQpP5lc1ZFG64TRzb1HR6oIdHfbrVQfdiQXpvdcFx+Fl57WuUraXRV6qfb
4ZmKHX1JEwM/7tu21QE4F1dz0jroLSricZxfaCTHHWNfvGJoZ30/MZUrpSC0IfB3
iQutxbZrwIlTBt+fGLtm3vDtwMFNWM+Rb1lrOxEQd2eijdxhvBOHtlIcswARAQAB
tERIYXNoaUNvcnAgU2VjdXJpdHkgKGhhc2hpY29ycC5jb20vc2VjdXJpdHkpIDxz
ZWN1cml0eUBoYXNoaWNvcnAuY29tPokCVAQTAQoAPgIbAwULCQgHAgYVCgkICwIE
FgIDAQIeAQIXgBYhBMh0AR8KtAURDQIQVTQ2XZRy10aPBQJplkfQBQkQrOy3AAoJ
EDQ2XZRy10aPw6gP/3GUEMUa6mCRuuSOT9UnziPIvXYd63mcN6A6Jwmwj8JaB2qu
OCijvJkw56UbZK3x1FZIbe0hA6VUAwNSNmSIxVJkilgwIYYFO0tnL79XhIeP7jYF
ydXLZ4rTi1FDl8lltAujTNARdY8UGg4hGlcM9OrEeXEFLWugJNiChL15FVoxZqIS
jeduaEqyxGfJnyVwy8z3pZfgODeFr7xs2NkUIMSfuRg24VcL4aW8Frt3jW8P45y3
o/5fsi6Aw2tZ0wD9NSgkVc8VD1NRV9eSZ95Bv+Awf9IXa+Cn5OCjc8Jc+XF+nLfB
oPswOO7E8dLiuBUw6/GzSLMbVs8qf8BNXB92dOe1VccVTqjCxK2sEpVaHh7e+co8
d8lDGBIWMGh7NS6XlGORpFb/T6gxjjOYUV3SKd4QDebUUG8kMkb5juLljOoq+YOP
vgNLDZLZteFpmH+zB9DpOY1YtHZB/OD+DtzLMaSl6VPF2Ln0j5aQGwNDt7sheyAe
sXbu0qn2H5FxojSfvhT0kUDKZ0mgg5y3Oflg49MiAOhjLGY0JocFpBeMILw27fbw
fpIBP7siQWFTFJ1O+l2NQiWAwC2x5fX2EakyCBJmrkPV2hr4nEogNqg9/RDskIUq
cpcOOd/0BntiXMyUCCH2AoCt5acaTQ0WU6CAosZPojOYhtGGgOgeQSdflpMSuQIN
BGCAXCYBEADW6RNrZVGNXvHVBqSiOWaxl1XOiEoiHPt50Aijt25yXbG+0kHIFSoR
+1g6Lh20JTCChgfQkGGjzQvEuG1HTw07YhsvLc0pkjNMfu6gJqFox/ogc53mz69O
xXauzUQ/TZ27GDVpUBu+EhDKt1s3OtA6Bjz/csop/Um7gT0+ivHyvJ/jGdnPEZv8
tNuSE/Uo+hn/Q9hg8SbveZzo3C+U4KcabCESEFl8Gq6aRi9vAfa65oxD5jKaIz7c
y+pwb0lizqlW7H9tQlr3dBfdIcdzgR55hTFC5/XrcwJ6/nHVH/xGskEasnfCQX8R
YKMuy0UADJy72TkZbYaCx+XXIcVB8GTOmJVoAhrTSSVLAZspfCnjwnSxisDn3Zzs
Yrq3cV6sU8b+QlIX7VAjurE+5cZiVlaxgCjyhKqlGgmonnReWOBacCgL/UvuwMmM
p5TTLmiLXLT7uxeGojEyoCk4sMrqrU1jevHyGlDJH9Taux15GILDwnYFfAvPF9WC
id4UZ4Ouwjcaxfys3LxNiZIlUsXNKwS3mhiMRL4TRsbs4k4QE+LIMOsauIvcvm8/
frydvQ/kUwIhVTH80XGOH909bYtJvY3fudK7ShIwm7ZFTduBJUG473E/Fn3VkhTm
BX6+PjOC50HR/HybwaRCzfDruMe3TAcE/tSP5CUOb9C7+P+hPzQcDwARAQABiQRy
BBgBCgAmAhsCFiEEyHQBHwq0BRENAhBVNDZdlHLXRo8FAmmWSAoFCRCqi+QCQMF0
IAQZAQoAHRYhBDdOx1tIWRNgSoMcx8ggxtXNJ6uHBQJggFwmAAoJEMggxtXNJ6uH
RfAP/2CGdSyg0K7U66Vygl0dugxrMm8O3/Oe211BKdQsFUSWAznOTRTK/zvMUHO4
LJAlYvdtZ6xDa4XHl9FYQ8MR9ZV0OuOlAZvU4IJDLPVCU09X/UzX/GEoZL0R5esv
wPAXopMaRHCfXJeI/gEaB94UhAeYlwpcRn0eSuk1vyZx7GRE6/hog8DCf4hoT40d
W20gGe58xcvJ+mRYlC0lr16WH08wuUcee6+dgu+4Cg6SG6+zt9cMyl8VnTUL5BK/
V3MebnYZJK0RFDNnnXDhzStgOd5gOeIL+xBPXHd0/ld/rDM74SFExpuS+hNsyo+x
MQ/HJavak21MFinul9COwfGEmlAXTGMY30Lf3Pt/eAkbwgmGc966VSoRmOFEXJVl
Dr+yJR6ru+7j50z8lAv6Lsop7sun1Qysbo0swf6W1qgPf6VWbx91NTFLkw0+gD8j
xwrU5ZMkeSuntX9dpjuZS29CflXXIRPlvhuiDPicwTpYuIUx37vHveAH5gnowZg2
47x780Urrsx8duTX8CI9MAnqzm4dFAiRlwE8bvLk+l9wekiXA9gIMZiVNqNlduXI
qvAG21Wdgq8qyeXKy/XWCVKDQOmEbFAltfNam8E3KEw0fl199x+93d5ckDGcPzUY
PbNkCuIwngC/ZN96pDafF3Z12fSNfhZUe0C8td8KAszYa96GCRA0Nl2UctdGj1gK
D/4jOGhEGTg88VyuPVjeK+zkwrTIZSvHdUHfTt/+rTLSNb/RQiBCUQuEZvafj6Fr
ntS7bAEhccGqH894T3St5K0AXWkvsLd6K+cbIQdlnFA2zb6geJUCk6qx5NgWpRc3
i0DS7CheGwl+Bwu7+n9pNjNjiHV+rYDgqbQXG0dtGysB0/3qIRgEDHFO0HJu/dct
e4oXrQIqrZrpOwe8WxqFqdU918JpSUcc8coiFp9YtwpgqQNxGVZ+rhgnTGdZzk1f
/Yhhimh+2B0ReaFvk3UzVBj3HQ9C6+Ot3MyDEhSgdhjr9e25Tm9S5YfhwtWmghRw
9RKPyLMSXSxm/Uc0mK1NucAp8TQBwKqKzNpCk5IdrBSWRUbjOoOFyzyCsY6gS285
GCpSIzI39hTf+3gdwYPlE6fj+F2TZzdhx62DPnzBzBHnByYTVdJ649bx0FFp4Q+5
TbIWtxu/AQkRDxmWNQfE+6GgeshlrhXWsh6+PGDzt+2raG6zUT913sdz7Ctw4fLj
msKOTdTz3Xa9pr8lxfI/JuukSgt9o/n3GirhTB3zE1w/I/Xt6k7oASiP3zQSuHtB
/CYKYHDtOCWwjo7JPEGtb/FkreKNxsk/p20jnlrB8WZxxswdr2Vri9NmFeyMDVX7
qF3WqT+8aCV9GtS1GCHx/5nGBdDwoxEsXqpI3IUqPb6FDg==
=bov7
-----END PGP PUBLIC KEY BLOCK-----
`,
};
/** HashiCorp's signing subkey, named in the releases' `.72D7468F.sig` file names by the primary key's short id. */
const HASHICORP_SIGNING_SUBKEY = '374ec75b485913604a831cc7c820c6d5cd27ab87';
const OPENTOFU_RELEASE_KEY = {
    owner: 'OpenTofu <core@opentofu.org>',
    fingerprint: 'e3e6e43d84cb852eadb0051d0c0af313e5fd9f80',
    armored: `-----BEGIN PGP PUBLIC KEY BLOCK-----

mQINBGVUyIwBEADPg6jUJm5liMTiDndyprnwXQ23GdyQm/kW9MFOhYDRksmmbsz0
DCfqntFpuoKxPXzA+JTrZlWZONtU+leZjIOlAVZiz0rwz5EJq7uIrkueWtUk6AYk
BLN+zMtbui0z3HCPVNnR5BlVNyXQeW3jlrQtzuKevjZWzI0gbQGgEKNpj+lfyRFu
6q3u/T0o3p/6bOOlQHwCMtnFlWpjr6f/J2EdUVO/6NYHQzImPj4LINXF/+eqo7v6
svFtaVTtREG2V2V7We7bu/cJ+NgJYH7ro7UhB1RQH2k09NdpSCt9F60PVERnORpx
GBkM/VKZzgMSzRvdpxUWwrLxfAxinu5ddbBm3y0bzaU80OT3i1qrWIqW73fmdGHQ
71gbJxRrroyLMWehjcJ/9WJDxkHqsfPKqBifYsp6/J9npczDfSU+zYBVGpR73a4E
dbeIRWqwbH0LWhlbi1IM5aFDaZMFNkY+AWyP+OHn8Kehu6DOIh1AVM7v7vLxaX9h
t1jVJbswjvPFYquv1DvUdc7VP2QHz3xctQS1GZJQ1ekcgTv9rRYXUOOwknInjtkM
9kQDtyBkVLcEc8ha3Cfh6PJscIP5VHwaNMgAPr9tsl3xqdz56l5UPjFSFuel98jS
Bqn83VrT0uKwM0PnDVHd/7q8+Dg1EtOggMwZ830KORFNdjfv6ydsBvl7fwARAQAB
tEpPcGVuVG9mdSAoVGhpcyBrZXkgaXMgdXNlZCB0byBzaWduIG9wZW50b2Z1IHBy
b3ZpZGVycykgPGNvcmVAb3BlbnRvZnUub3JnPokCTAQTAQgAQQUCZVTIjAkQDArz
E+X9n4AWIQTj5uQ9hMuFLq2wBR0MCvMT5f2fgAIbAwIeAQIZAQMLCQcCFQgDFgAC
BScJAgcCAABwAg/1HZnTvPHZDWf5OluYOaQ7ADX/oyjUO85VNUmKhmBZkLr5mTqr
LO72k9fg+101hbggbhtK431z3Ca6ZqDAG/3DBi0BC1ag0rw83TEApkPGYnfX1DWS
1ZvyH1PkV0aqCkXAtMrte2PlUiieaKAsiYOIXqfZwszd07gch14wxMOw1B6Au/Xz
Nrv2omnWSgGIyR6WOsG4QQ8R5AMVz3K8Ftzl6520wBgtr3osA3uM/xconnGVukMn
9NLQqKx5oeaJwONZpyZL5bg2ke9MVZM2+bG30UGZKoxrzOtQ//OTOYlhPCqm1ffR
hYrUytwsWzDnJvXJF1QhnDu8whP3tSrcHyKxYZ9xUNzeu2AmjYfvkKHSdK2DFmOf
DafaRs3c1VYnC7J7aRi6kVF/t+vWeOEVpPylyK7vSbPFc6XVoQrsE07hbN/BjWjm
s8voK5U6oJRgEugXtSQKFypfOq8R99nXwbMHdhqY8aGyOCj++cuvRCUBDZAQqPEW
AuD0X7+9Trnfin47MK+n18wsTAL4w6PJhtCrwK4e0cVuQ5u4M/PMid5W6hEA27PX
x506Jpe8iRmcIP/cCR6pvhgOUMC36bIkAqZ5dJ545kDQju0lf8gLdVIQpig45udn
ZM2KgyApGqhsS7yCUrbLDrtNmQ31TSYdKc8IU+/jXkfy2RYbZ+wNgfloKLkCDQRl
VMiMARAAwRZUyMIc5TNbcFg3WGKxhaNC9hDZ4zBfXlb5jONzZOx3rDi2lD4UQOH+
NpG7CF98co//kryS/4AsDdp2jzhh+VMgyx6KJIhSkBP6kqhriy9eWRmgfrnLbUf4
6kkTkzLVkjYnMNeyHt+mi9I7EKtsDuF/EvjlwF5E81+DEOteCO/un/Qt1q3e1Slf
vTpLkPvr1FiQ3VqzaBeBBI3MAMb/ycwL6hQE1l4Lg34T43Zu+9zkE1uzvjeNIlIW
ucjB4q1htEjJl2CLAv+8cGHdmCcV2ZO3WM8M9Omq1CE7jhak4NE/YuGylJYCBd+B
S7tuDPDu6+o4Nx+axxcwMvgyfr07FteEr1Lopaw2ci8b/xzQie/gkI0CByQMwD5V
gnJpiMBnjP4d6UF6HEVldCQ7a3T1T80bKj5JjtFbR9P85Qntuheqn3Pge89YexMc
E/00VA3blrj+GeYpO9ZGFu7DR/x4sjnTEhfjXEoLv1C4AdgGHCIjW9wU6HkcWnla
X7akKlwIWEUP/BFLkcWPpmUrtClhWx9wq1GHFvKAN/qp//VWnv4IfRU6RjmVPOWB
efvTu/cpsfBHLyp15goOYPboahIdTUTNQIXh4Vid7E1NoKnWZUMu50n3/zAbjSds
mNmifi4g01MYJ3TVoU2Q01P7NiD3IRmaw72nLmf9cM9/7QMdGn0AEQEAAYkCNgQY
AQgAKgUCZVTIjAkQDArzE+X9n4AWIQTj5uQ9hMuFLq2wBR0MCvMT5f2fgAIbDAAA
SUoP/2ExsUoGbxjuZ76QUnYtfzDoz+o218UWd3gZCsBQ6/hGam5kMq+EUEabF3lV
7QLDyn/1v5sqrkmYg0u5cfjtY3oimCPvr6E0WTuqMIwYl0fdlkmdNttDpMqvCazq
bzLK5dDVWbh/EYTiEN1xKXM6rlAquYv8I16uWL8QHanMb6yexNmDYhC4fXWqCi+s
5sXxWrPrd+fGz8CR/fEYahPXj8uY6dwN9DlWyek9QtKW2PsqrkBn5vCOm2IyZW6d
t/Kn70tYtxMxJND2otk47mpG/Fv3sYK2bTGJ+k/5+E5IrjWqIX2lVB3G1+TCoZ5s
cc16zls32mOlRh81fTAqcwkDFxICxcOeNHGLt3N+UvoPSUafYKD96rn5mWFao4xb
cFniaYv2PdqH8HDjvXZXqHypRMXvYMbXXOgydLL+tSUSBpMTd4afjq8x2gNSWOEL
I1jT5FWbKTKan0ycKi37bSqGHhDjlg4HRGvC3IK0EuVjdX3r+8uIVgFbqLwNhXk4
GAIL03vl689TQ7/oPW75XCQIevFai0kcJPl6qIRvi9/S/v5EPRy9UDCGY/MPmc5f
H1an0ebU4I4TlYfBoEUkYYqBDxvxWW0I/Q01rDebcd6mrGw8lW1EiNZlClLwx9Bv
/+MNnIT9m1f8KeqmweoAgbIQRUI7EkJSzxYN4DNuy2XoKmF9
=CRuR
-----END PGP PUBLIC KEY BLOCK-----
`,
};

// EXTERNAL MODULE: ./shared/src/setup-terraform/version.ts
var version = __webpack_require__(41888);
;// CONCATENATED MODULE: ./shared/src/setup-terraform/install.ts
/**
 * The cold path: get a release's archive, SHA256SUMS and detached signature (from the cross-run
 * cache or the releases site), verify the signature with the trusted key and the archive against
 * SHA256SUMS, and only then extract it into the tool cache. Any verification failure deletes the
 * downloaded files and installs nothing. Loaded only when the tool cache misses.
 *
 * The OpenPGP code and the cache client are big: they load in parallel with the downloads
 * (OpenPGP) or only when the cache service is configured at all (the cache client).
 */













async function trustedKeys(layout, customKey, inputName) {
    const { formatFingerprint, loadCustomKeys, loadVendorKey } = await Promise.all(/* import() */[__webpack_require__.e(74), __webpack_require__.e(618)]).then(__webpack_require__.bind(__webpack_require__, 73618));
    if (customKey === '')
        return [await loadVendorKey(layout.tool === 'opentofu' ? OPENTOFU_RELEASE_KEY : HASHICORP_RELEASE_KEY)];
    const keys = await loadCustomKeys(customKey, inputName);
    for (const k of keys) {
        core/* warning */.$e(`${layout.title} releases are verified with the key from '${inputName}' (${k.owner}, fingerprint ${formatFingerprint(k.fingerprint)}) INSTEAD of the vendor's release key: only the mirror's re-signing is checked.`);
    }
    return keys;
}
/** The cache client (and its storage SDK) loads only where a cache service is configured. */
function cacheConfigured(env = process.env) {
    return Boolean(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL);
}
async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
/** The files of one release in a folder that is also the cross-run cache's path. */
function workFolder(o) {
    const dir = external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'setup-terraform', `${o.layout.binary}_${o.version}_${o.platform.os}_${o.platform.arch}`);
    return {
        dir,
        archive: external_node_path_.join(dir, o.layout.archiveName(o.version, o.platform)),
        sums: external_node_path_.join(dir, o.layout.sumsName(o.version)),
        signature: external_node_path_.join(dir, 'SHA256SUMS.signature'),
        cacheKey: `setup-terraform-${o.layout.binary}-${o.version}-${o.platform.os}-${o.platform.arch}-v1`,
    };
}
async function notFound(o, url) {
    let nearby = [];
    try {
        const index = o.index ?? o.layout.parseIndex(await (0,download.fetchText)(o.layout.indexUrl, { attempts: 2 }));
        nearby = (0,version/* nearbyVersions */.fu)(index.versions, o.version);
    }
    catch (err) {
        core/* debug */.Yz(`Could not list versions: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    return new errors/* ActionError */.lZ(`${o.layout.title} ${o.version} was not found: ${url} answered 404`, {
        hint: nearby.length ? `Versions near it: ${nearby.join(', ')}` : `See ${o.layout.indexUrl} for the published versions.`,
    });
}
/** Downloads the three files at once; returns the archive's SHA-256 (computed while streaming). */
async function install_download(o, keys, folder) {
    const { layout, version, metrics } = o;
    const onRetry = () => metrics.count('retries');
    const get = async (file, dest) => {
        const result = await (0,download/* downloadFile */.PE)(layout.fileUrl(version, file), dest, { onRetry });
        metrics.count('download_bytes', result.bytes);
        return result;
    };
    const sumsName = layout.sumsName(version);
    const archiveName = layout.archiveName(version, o.platform);
    const signature = (async () => {
        const keyIdShort = (await keys)[0].fingerprint.slice(-8).toUpperCase();
        const tried = [];
        for (const name of layout.signatureNames(version, keyIdShort, o.index)) {
            try {
                return await get(name, folder.signature);
            }
            catch (err) {
                if (!(err instanceof download/* HttpStatusError */.F9 && err.status === 404))
                    throw err;
                tried.push(layout.fileUrl(version, name));
            }
        }
        throw new download/* VerificationError */.mk(`${sumsName} has no signature: ${tried.join(' and ')} answered 404`);
    })();
    // All three at once; the archive is only trusted after the verify phase.
    const [sums, sig, archive] = await Promise.allSettled([get(sumsName, folder.sums), signature, get(archiveName, folder.archive)]);
    if (sums.status === 'rejected') {
        const err = sums.reason;
        throw err instanceof download/* HttpStatusError */.F9 && err.status === 404 ? await notFound(o, err.url) : err;
    }
    if (sig.status === 'rejected')
        throw sig.reason;
    if (archive.status === 'rejected') {
        const err = archive.reason;
        if (err instanceof download/* HttpStatusError */.F9 && err.status === 404) {
            const listed = [...(0,releases/* parseSha256Sums */.Lm)(await (0,promises_.readFile)(folder.sums, 'utf8')).keys()]
                .filter((f) => f.endsWith('.zip'))
                .map((f) => f.replace(`${layout.binary}_${version}_`, '').replace(/\.zip$/, ''));
            throw new errors/* ActionError */.lZ(`${layout.title} ${version} has no build for ${o.platform.os}_${o.platform.arch} (${err.url} answered 404)`, {
                hint: listed.length ? `Platforms in this release: ${listed.join(', ')}` : undefined,
            });
        }
        throw err;
    }
    return archive.value.sha256;
}
async function verify(o, keys, folder, archiveSha256) {
    const { formatFingerprint, verifyDetached } = await Promise.all(/* import() */[__webpack_require__.e(74), __webpack_require__.e(618)]).then(__webpack_require__.bind(__webpack_require__, 73618));
    const sumsName = o.layout.sumsName(o.version);
    const sumsBytes = await (0,promises_.readFile)(folder.sums);
    const check = await verifyDetached(sumsBytes, await (0,promises_.readFile)(folder.signature), keys, { data: sumsName, signature: `the signature of ${sumsName}` });
    core/* info */.pq(`Signature of ${sumsName}: good, by ${check.owner} (primary key ${formatFingerprint(check.fingerprint)}, signing key ${check.signingKeyId.toUpperCase()})`);
    const archiveName = external_node_path_.basename(folder.archive);
    const expected = (0,releases/* parseSha256Sums */.Lm)(sumsBytes.toString('utf8')).get(archiveName);
    if (!expected)
        throw new download/* VerificationError */.mk(`${sumsName} has no checksum for ${archiveName}`);
    const actual = archiveSha256 ?? (await sha256File(folder.archive));
    if (actual !== expected)
        throw new download/* VerificationError */.mk(`Checksum mismatch for ${archiveName}: ${sumsName} says SHA-256 ${expected}, the download has ${actual}`);
    core/* info */.pq(`SHA-256 of ${archiveName}: ${actual} (matches ${sumsName})`);
}
async function installRelease(o, keysPromise) {
    const { metrics } = o;
    const folder = workFolder(o);
    // Without a cache service (outside GitHub, or disabled) there is nothing to restore or save.
    const cache = o.useCache && cacheConfigured() ? await Promise.all(/* import() */[__webpack_require__.e(49), __webpack_require__.e(749)]).then(__webpack_require__.bind(__webpack_require__, 63749)) : undefined;
    let fromCache = false;
    try {
        if (cache) {
            const hit = await metrics.phase('cache', () => cache.restoreCacheSafely([folder.dir], folder.cacheKey));
            fromCache = hit !== undefined && [folder.archive, folder.sums, folder.signature].every((f) => (0,external_node_fs_.existsSync)(f));
            if (fromCache) {
                metrics.count('actions_cache_hit');
                core/* info */.pq(`Restored ${external_node_path_.basename(folder.archive)} from the Actions cache (${folder.cacheKey}); verifying it again`);
                try {
                    const keys = await keysPromise;
                    await metrics.phase('verify', () => verify(o, keys, folder));
                }
                catch (err) {
                    // A cache entry that does not verify is ignored, never trusted: download afresh.
                    core/* warning */.$e(`The cached copy failed verification (${(0,errors/* errorMessage */.gJ)(err)}); downloading it again`);
                    fromCache = false;
                    await (0,promises_.rm)(folder.dir, { recursive: true, force: true });
                }
            }
        }
        if (!fromCache) {
            const archiveSha256 = await metrics.phase('download', () => install_download(o, keysPromise, folder));
            const keys = await keysPromise;
            await metrics.phase('verify', () => verify(o, keys, folder, archiveSha256));
        }
        const tool = await metrics.phase('install', () => (0,tool_cache/* installAtomically */.ZD)(o.layout.binary, o.version, o.platform, async (dir) => {
            const files = await extractZipSafely(folder.archive, dir);
            core/* info */.pq(`Extracted ${files.length} file(s): ${files.join(', ')}`);
        }));
        if (cache && !fromCache) {
            const saved = await metrics.phase('cache', () => cache.saveCacheSafely([folder.dir], folder.cacheKey));
            if (saved)
                core/* info */.pq(`Saved the verified release files to the Actions cache as ${folder.cacheKey}`);
        }
        return { tool, fromCache };
    }
    finally {
        // Nothing unverified stays behind, and a verified copy is in the tool cache by now.
        await (0,promises_.rm)(folder.dir, { recursive: true, force: true });
    }
}


/***/ })

};
