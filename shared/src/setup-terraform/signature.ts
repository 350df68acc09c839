/**
 * Detached OpenPGP signature verification of a release's SHA256SUMS with `openpgp`.
 *
 * `openpgp.verify()` always returns an object, and each signature's `verified` is a promise that
 * REJECTS when the signature is bad: checking the result for truthiness accepts anything (the bug
 * HashiCorp's js-releases shipped). Here every signature's `verified` is awaited and must be
 * exactly `true`, and the signer must be one of the trusted keys, matched by primary fingerprint.
 */
import * as openpgp from 'openpgp';
import { ActionError } from '../errors.js';
import { VerificationError } from '../download.js';
import type { VendorKey } from './vendor-keys.js';

export interface TrustedKey {
  key: openpgp.PublicKey;
  /** Primary-key fingerprint, lowercase hex. */
  fingerprint: string;
  owner: string;
}

export interface SignatureCheck {
  fingerprint: string;
  owner: string;
  /** The (sub)key that made the signature. */
  signingKeyId: string;
}

/** `72D7468F`: the short id HashiCorp puts in its signature file names. */
export function shortKeyId(fingerprint: string): string {
  return fingerprint.slice(-8).toUpperCase();
}

export function formatFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** Loads an embedded vendor key and proves it is the key its fingerprint says. */
export async function loadVendorKey(vendor: VendorKey): Promise<TrustedKey> {
  const key = await openpgp.readKey({ armoredKey: vendor.armored });
  const fingerprint = key.getFingerprint().toLowerCase();
  if (fingerprint !== vendor.fingerprint) {
    throw new ActionError(`The embedded release key of ${vendor.owner} has fingerprint ${fingerprint}, expected ${vendor.fingerprint}`);
  }
  return { key, fingerprint, owner: vendor.owner };
}

/** Loads the armored public key(s) a mirror signs with (`gpg-public-key`). */
export async function loadCustomKeys(armored: string, inputName: string): Promise<TrustedKey[]> {
  let keys: openpgp.PublicKey[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: armored });
  } catch (err) {
    throw new ActionError(`Input '${inputName}' is not an ASCII-armored OpenPGP public key: ${(err as Error).message}`);
  }
  if (keys.some((k) => k.isPrivate())) throw new ActionError(`Input '${inputName}' contains a PRIVATE key; pass only the public key`);
  return keys.map((key) => {
    const uid = key.users.find((u) => u.userID)?.userID?.userID ?? 'unnamed key';
    return { key, fingerprint: key.getFingerprint().toLowerCase(), owner: uid };
  });
}

async function readSignature(bytes: Uint8Array, fileName: string): Promise<openpgp.Signature> {
  try {
    const text = Buffer.from(bytes).toString('latin1');
    if (text.includes('-----BEGIN PGP SIGNATURE-----')) return await openpgp.readSignature({ armoredSignature: text });
    return await openpgp.readSignature({ binarySignature: bytes });
  } catch (err) {
    throw new VerificationError(`${fileName} is not an OpenPGP signature (${(err as Error).message})`);
  }
}

/**
 * Verifies `signature` over exactly `data` by one of `trusted`; throws VerificationError otherwise.
 * `date` is when the key must be valid (now, by default).
 */
export async function verifyDetached(
  data: Uint8Array,
  signature: Uint8Array,
  trusted: TrustedKey[],
  names: { data: string; signature: string },
  date = new Date(),
): Promise<SignatureCheck> {
  const sig = await readSignature(signature, names.signature);
  const message = await openpgp.createMessage({ binary: data });
  const result = await openpgp.verify({
    message,
    signature: sig,
    verificationKeys: trusted.map((t) => t.key),
    date,
    // Vendors extend a key's expiry by re-signing it, so its only self-signature can be newer than
    // an older release's signature. The key must still be valid at `date` and the signature must
    // still verify cryptographically; only the "valid at signing time" replay is relaxed (gpg does the same).
    config: { ...openpgp.config, allowInsecureVerificationWithReformattedKeys: true },
  });
  const reasons: string[] = [];
  for (const s of result.signatures) {
    const keyId = s.keyID.toHex();
    const owner = trusted.find((t) => t.key.getKeys(s.keyID).length > 0);
    try {
      const verified = await s.verified;
      if (verified !== true) throw new Error('not verified');
    } catch (err) {
      reasons.push(owner ? `by ${owner.owner} (key ${keyId.toUpperCase()}): ${(err as Error).message}` : `by unknown key ${keyId.toUpperCase()}`);
      continue;
    }
    if (!owner) {
      reasons.push(`by unknown key ${keyId.toUpperCase()}`);
      continue;
    }
    const fingerprint = owner.key.getFingerprint().toLowerCase();
    if (fingerprint !== owner.fingerprint) continue;
    return { fingerprint, owner: owner.owner, signingKeyId: keyId };
  }
  const expected = trusted.map((t) => `${t.owner} (${formatFingerprint(t.fingerprint)})`).join(', ');
  throw new VerificationError(
    `The signature of ${names.data} does not verify with the trusted key ${expected}: ${reasons.length ? reasons.join('; ') : 'it contains no signature'}`,
  );
}
