export const id = 983;
export const ids = [983];
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


/***/ })

};
