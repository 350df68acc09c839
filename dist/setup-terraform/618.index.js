export const id = 618;
export const ids = [618];
export const modules = {

/***/ 73618:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   formatFingerprint: () => (/* binding */ formatFingerprint),
/* harmony export */   loadCustomKeys: () => (/* binding */ loadCustomKeys),
/* harmony export */   loadVendorKey: () => (/* binding */ loadVendorKey),
/* harmony export */   verifyDetached: () => (/* binding */ verifyDetached)
/* harmony export */ });
/* unused harmony export shortKeyId */
/* harmony import */ var openpgp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(13074);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(33904);
/* harmony import */ var _download_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(28983);
/**
 * Detached OpenPGP signature verification of a release's SHA256SUMS with `openpgp`.
 *
 * `openpgp.verify()` always returns an object, and each signature's `verified` is a promise that
 * REJECTS when the signature is bad: checking the result for truthiness accepts anything (the bug
 * HashiCorp's js-releases shipped). Here every signature's `verified` is awaited and must be
 * exactly `true`, and the signer must be one of the trusted keys, matched by primary fingerprint.
 */



/** `72D7468F`: the short id HashiCorp puts in its signature file names. */
function shortKeyId(fingerprint) {
    return fingerprint.slice(-8).toUpperCase();
}
function formatFingerprint(fingerprint) {
    return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}
/** Loads an embedded vendor key and proves it is the key its fingerprint says. */
async function loadVendorKey(vendor) {
    const key = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readKey */ .YZ({ armoredKey: vendor.armored });
    const fingerprint = key.getFingerprint().toLowerCase();
    if (fingerprint !== vendor.fingerprint) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The embedded release key of ${vendor.owner} has fingerprint ${fingerprint}, expected ${vendor.fingerprint}`);
    }
    return { key, fingerprint, owner: vendor.owner };
}
/** Loads the armored public key(s) a mirror signs with (`gpg-public-key`). */
async function loadCustomKeys(armored, inputName) {
    let keys;
    try {
        keys = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readKeys */ .x4({ armoredKeys: armored });
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Input '${inputName}' is not an ASCII-armored OpenPGP public key: ${err.message}`);
    }
    if (keys.some((k) => k.isPrivate()))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`Input '${inputName}' contains a PRIVATE key; pass only the public key`);
    return keys.map((key) => {
        const uid = key.users.find((u) => u.userID)?.userID?.userID ?? 'unnamed key';
        return { key, fingerprint: key.getFingerprint().toLowerCase(), owner: uid };
    });
}
async function readSignature(bytes, fileName) {
    try {
        const text = Buffer.from(bytes).toString('latin1');
        if (text.includes('-----BEGIN PGP SIGNATURE-----'))
            return await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readSignature */ .Bc({ armoredSignature: text });
        return await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readSignature */ .Bc({ binarySignature: bytes });
    }
    catch (err) {
        throw new _download_js__WEBPACK_IMPORTED_MODULE_2__/* .VerificationError */ .mk(`${fileName} is not an OpenPGP signature (${err.message})`);
    }
}
/**
 * Verifies `signature` over exactly `data` by one of `trusted`; throws VerificationError otherwise.
 * `date` is when the key must be valid (now, by default).
 */
async function verifyDetached(data, signature, trusted, names, date = new Date()) {
    const sig = await readSignature(signature, names.signature);
    const message = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .createMessage */ .oH({ binary: data });
    const result = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .verify */ .MX({
        message,
        signature: sig,
        verificationKeys: trusted.map((t) => t.key),
        date,
        // Vendors extend a key's expiry by re-signing it, so its only self-signature can be newer than
        // an older release's signature. The key must still be valid at `date` and the signature must
        // still verify cryptographically; only the "valid at signing time" replay is relaxed (gpg does the same).
        config: { ...openpgp__WEBPACK_IMPORTED_MODULE_0__/* .config */ .$W, allowInsecureVerificationWithReformattedKeys: true },
    });
    const reasons = [];
    for (const s of result.signatures) {
        const keyId = s.keyID.toHex();
        const owner = trusted.find((t) => t.key.getKeys(s.keyID).length > 0);
        try {
            const verified = await s.verified;
            if (verified !== true)
                throw new Error('not verified');
        }
        catch (err) {
            reasons.push(owner ? `by ${owner.owner} (key ${keyId.toUpperCase()}): ${err.message}` : `by unknown key ${keyId.toUpperCase()}`);
            continue;
        }
        if (!owner) {
            reasons.push(`by unknown key ${keyId.toUpperCase()}`);
            continue;
        }
        const fingerprint = owner.key.getFingerprint().toLowerCase();
        if (fingerprint !== owner.fingerprint)
            continue;
        return { fingerprint, owner: owner.owner, signingKeyId: keyId };
    }
    const expected = trusted.map((t) => `${t.owner} (${formatFingerprint(t.fingerprint)})`).join(', ');
    throw new _download_js__WEBPACK_IMPORTED_MODULE_2__/* .VerificationError */ .mk(`The signature of ${names.data} does not verify with the trusted key ${expected}: ${reasons.length ? reasons.join('; ') : 'it contains no signature'}`);
}


/***/ })

};
