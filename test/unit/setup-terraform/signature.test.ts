/**
 * OpenPGP verification against REAL releases: Terraform 1.9.8's SHA256SUMS and its detached
 * signature, checked with the HashiCorp key embedded in the source (and OpenTofu 1.8.5's with
 * OpenTofu's key). Tampering, the wrong key and the wrong pairing must all be refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { loadCustomKeys, loadVendorKey, shortKeyId, verifyDetached } from '#shared/setup-terraform/signature.js';
import { HASHICORP_RELEASE_KEY, HASHICORP_SIGNING_SUBKEY, OPENTOFU_RELEASE_KEY } from '#shared/setup-terraform/vendor-keys.js';
import { repoRoot } from '../../harness/paths.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'setup-terraform', name));
const TF_SUMS = fixture('terraform_1.9.8_SHA256SUMS');
const TF_SIG = fixture('terraform_1.9.8_SHA256SUMS.sig');
const TOFU_SUMS = fixture('tofu_1.8.5_SHA256SUMS');
const TOFU_SIG = fixture('tofu_1.8.5_SHA256SUMS.gpgsig');
const names = { data: 'SHA256SUMS', signature: 'SHA256SUMS.sig' };

describe('real release signatures with the embedded vendor keys', () => {
  test("Terraform 1.9.8's SHA256SUMS verifies with HashiCorp's key, signed by its signing subkey", async () => {
    const key = await loadVendorKey(HASHICORP_RELEASE_KEY);
    const check = await verifyDetached(TF_SUMS, TF_SIG, [key], names);
    expect(check.fingerprint).toBe('c874011f0ab405110d02105534365d9472d7468f');
    expect(check.signingKeyId).toBe(HASHICORP_SIGNING_SUBKEY.slice(-16));
    expect(shortKeyId(check.fingerprint)).toBe('72D7468F');
  });

  test("OpenTofu 1.8.5's SHA256SUMS verifies with OpenTofu's key (its .gpgsig, signed by the primary key)", async () => {
    const key = await loadVendorKey(OPENTOFU_RELEASE_KEY);
    const check = await verifyDetached(TOFU_SUMS, TOFU_SIG, [key], names);
    expect(check.fingerprint).toBe('e3e6e43d84cb852eadb0051d0c0af313e5fd9f80');
  });

  test.each([
    ['one hash changed', Buffer.from(TF_SUMS.toString('latin1').replace('186e0145', '186e0146'), 'latin1')],
    ['one byte appended', Buffer.concat([TF_SUMS, Buffer.from('\n')])],
    ['a line removed', Buffer.from(TF_SUMS.toString('latin1').split('\n').slice(1).join('\n'), 'latin1')],
  ])('a tampered SHA256SUMS (%s) is refused', async (_what, tampered) => {
    expect(tampered.equals(TF_SUMS)).toBe(false);
    const key = await loadVendorKey(HASHICORP_RELEASE_KEY);
    await expect(verifyDetached(tampered, TF_SIG, [key], names)).rejects.toThrow(
      /does not verify with the trusted key HashiCorp Security .*Signed digest did not match/,
    );
  });

  test("openpgp.verify() itself resolves for a tampered file: only awaiting each signature's `verified` catches it", async () => {
    // The trap HashiCorp's js-releases fell into: the result object is truthy whatever happened.
    const key = await loadVendorKey(HASHICORP_RELEASE_KEY);
    const tampered = Buffer.concat([TF_SUMS, Buffer.from('x')]);
    const result = await openpgp.verify({
      message: await openpgp.createMessage({ binary: tampered }),
      signature: await openpgp.readSignature({ binarySignature: TF_SIG }),
      verificationKeys: key.key,
      config: { ...openpgp.config, allowInsecureVerificationWithReformattedKeys: true },
    });
    expect(result).toBeTruthy();
    expect(result.signatures).toHaveLength(1);
    await expect(result.signatures[0].verified).rejects.toThrow(/Signed digest did not match/);
  });

  test("each vendor's genuine signature is refused with the other vendor's key, and over the other's document", async () => {
    const hashicorp = await loadVendorKey(HASHICORP_RELEASE_KEY);
    const opentofu = await loadVendorKey(OPENTOFU_RELEASE_KEY);
    await expect(verifyDetached(TF_SUMS, TF_SIG, [opentofu], names)).rejects.toThrow(/by unknown key C820C6D5CD27AB87/);
    await expect(verifyDetached(TOFU_SUMS, TOFU_SIG, [hashicorp], names)).rejects.toThrow(/by unknown key 0C0AF313E5FD9F80/);
    await expect(verifyDetached(TOFU_SUMS, TF_SIG, [hashicorp], names)).rejects.toThrow(/Signed digest did not match/);
  });

  test('a signature by any other key is refused even when it is cryptographically valid', async () => {
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Impostor', email: 'impostor@example.test' }],
      format: 'object',
    });
    const forged = await openpgp.sign({ message: await openpgp.createMessage({ binary: TF_SUMS }), signingKeys: privateKey, detached: true, format: 'binary' });
    const hashicorp = await loadVendorKey(HASHICORP_RELEASE_KEY);
    await expect(verifyDetached(TF_SUMS, forged as Uint8Array, [hashicorp], names)).rejects.toThrow(/by unknown key/);
    // ...and accepted when that key is the one passed as gpg-public-key (a re-signing mirror).
    const custom = await loadCustomKeys(privateKey.toPublic().armor(), 'gpg-public-key');
    await expect(verifyDetached(TF_SUMS, forged as Uint8Array, custom, names)).resolves.toMatchObject({ owner: 'Impostor <impostor@example.test>' });
  });

  test('an armored signature is accepted too, and garbage is reported as not a signature', async () => {
    const key = await loadVendorKey(HASHICORP_RELEASE_KEY);
    const armored = (await openpgp.readSignature({ binarySignature: TF_SIG })).armor();
    await expect(verifyDetached(TF_SUMS, Buffer.from(armored), [key], names)).resolves.toMatchObject({ fingerprint: HASHICORP_RELEASE_KEY.fingerprint });
    await expect(verifyDetached(TF_SUMS, Buffer.from('<html>Not Found</html>'), [key], names)).rejects.toThrow(/SHA256SUMS\.sig is not an OpenPGP signature/);
  });

  test('an embedded key whose fingerprint is not the pinned one is refused', async () => {
    await expect(loadVendorKey({ ...HASHICORP_RELEASE_KEY, fingerprint: OPENTOFU_RELEASE_KEY.fingerprint })).rejects.toThrow(
      /has fingerprint c874011f.*expected e3e6e43d/,
    );
  });

  test('gpg-public-key must be a public key', async () => {
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'x' }], format: 'armored' });
    await expect(loadCustomKeys(privateKey, 'gpg-public-key')).rejects.toThrow(/contains a PRIVATE key/);
    await expect(loadCustomKeys('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbroken\n-----END PGP PUBLIC KEY BLOCK-----\n', 'gpg-public-key')).rejects.toThrow(
      /is not an ASCII-armored OpenPGP public key/,
    );
  });
});
