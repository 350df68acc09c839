/**
 * The embedded release keys: each is the key its pinned fingerprint says, its recorded expiry is
 * the key's real one, and this test FAILS when a key (or the subkey that signs releases) is within
 * 90 days of expiring, so the key is refreshed before verification starts failing for everyone.
 */
import * as openpgp from 'openpgp';
import { HASHICORP_RELEASE_KEY, HASHICORP_SIGNING_SUBKEY, OPENTOFU_RELEASE_KEY, type VendorKey } from '#shared/setup-terraform/vendor-keys.js';

const DAY = 86_400_000;
const WARN_DAYS = 90;

async function expiry(key: openpgp.PublicKey, fingerprint?: string): Promise<number> {
  const target = fingerprint ? key.getSubkeys().find((s) => s.getFingerprint() === fingerprint) : key;
  if (!target) throw new Error(`no (sub)key ${fingerprint}`);
  const time = await target.getExpirationTime();
  return time === Infinity ? Infinity : (time as Date).getTime();
}

describe.each([
  ['HashiCorp', HASHICORP_RELEASE_KEY, HASHICORP_SIGNING_SUBKEY],
  ['OpenTofu', OPENTOFU_RELEASE_KEY, undefined],
] as Array<[string, VendorKey, string | undefined]>)('%s release key', (_name, vendor, signingSubkey) => {
  test('is the key its pinned fingerprint names', async () => {
    const key = await openpgp.readKey({ armoredKey: vendor.armored });
    expect(key.getFingerprint()).toBe(vendor.fingerprint);
    expect(key.isPrivate()).toBe(false);
    if (signingSubkey) expect(key.getSubkeys().map((s) => s.getFingerprint())).toContain(signingSubkey);
  });

  test('has the recorded expiry', async () => {
    const key = await openpgp.readKey({ armoredKey: vendor.armored });
    const actual = await expiry(key);
    expect(actual === Infinity ? undefined : new Date(actual).toISOString().replace('.000Z', 'Z')).toBe(vendor.expires);
  });

  test(`is not within ${WARN_DAYS} days of expiring (refresh the key in vendor-keys.ts when this fails)`, async () => {
    const key = await openpgp.readKey({ armoredKey: vendor.armored });
    const ends = Math.min(await expiry(key), signingSubkey ? await expiry(key, signingSubkey) : Infinity);
    const daysLeft = (ends - Date.now()) / DAY;
    expect(daysLeft).toBeGreaterThan(WARN_DAYS);
  });
});

test('HashiCorp: valid to 2030-03-01, as published', () => {
  expect(HASHICORP_RELEASE_KEY.expires?.slice(0, 10)).toBe('2030-03-01');
});
