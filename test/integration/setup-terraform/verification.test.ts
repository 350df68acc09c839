/**
 * setup-terraform's bundle when the mirror misbehaves: every verification failure fails the step
 * and leaves nothing behind (no tool-cache entry, no downloaded files); transient faults are
 * retried; a missing version or platform says what exists instead.
 */
import type { ReleaseMirror } from '../../fakes/release-mirror/server.js';
import { installed, leftovers, setup, startMirror } from './helpers.js';

let mirror: ReleaseMirror;
beforeAll(async () => {
  mirror = await startMirror();
});
afterEach(() => mirror.clearFaults());
afterAll(() => mirror.close());

async function expectFailureLeavingNothing(inputs: Record<string, string>, message: RegExp) {
  const result = await setup(mirror, { 'terraform-version': '1.9.8', ...inputs });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/^setup-terraform: /);
  expect(result.errors[0]).toMatch(message);
  expect(installed(result.dirs)).toEqual([]);
  expect(leftovers(result.dirs)).toEqual([]);
  expect(result.addedPath).toEqual([]);
  expect(result.outputs.version).toBeUndefined();
  expect(JSON.parse(result.outputs.metrics).outcome).toBe('failure');
  return result;
}

describe('setup-terraform: verification and faults', () => {
  test('an archive whose SHA-256 differs from SHA256SUMS is rejected and deleted', async () => {
    mirror.fail('terraform_1.9.8_linux_amd64.zip', { kind: 'tamper' });
    await expectFailureLeavingNothing(
      {},
      /Checksum mismatch for terraform_1\.9\.8_linux_amd64\.zip: terraform_1\.9\.8_SHA256SUMS says SHA-256 [0-9a-f]{64}, the download has [0-9a-f]{64}/,
    );
  });

  test('a SHA256SUMS changed after signing fails the signature check', async () => {
    mirror.fail('terraform_1.9.8_SHA256SUMS', { kind: 'tamper' });
    await expectFailureLeavingNothing(
      {},
      /The signature of terraform_1\.9\.8_SHA256SUMS does not verify with the trusted key Release Mirror Test Key .*: Signed digest did not match/,
    );
  });

  test('a valid signature by another key is refused', async () => {
    mirror.fail(/_SHA256SUMS\..*sig$/, { kind: 'foreign-signature' });
    await expectFailureLeavingNothing({}, /does not verify .* by unknown key [0-9A-F]{16}/);
  });

  test('a missing signature fails (never an unsigned install)', async () => {
    mirror.fail(/_SHA256SUMS\..*sig$/, { kind: 'status', status: 404 });
    await expectFailureLeavingNothing({}, /terraform_1\.9\.8_SHA256SUMS has no signature: .*SHA256SUMS\.[0-9A-F]{8}\.sig and .*SHA256SUMS\.sig answered 404/);
  });

  test('an OpenTofu release without its .gpgsig fails', async () => {
    mirror.fail('tofu_1.8.5_SHA256SUMS.gpgsig', { kind: 'status', status: 404 });
    await expectFailureLeavingNothing({ tool: 'opentofu', 'terraform-version': '1.8.5' }, /tofu_1\.8\.5_SHA256SUMS has no signature/);
  });

  test("without gpg-public-key the vendor's embedded key is the only trust anchor, so the mirror's own signature is refused", async () => {
    const result = await expectFailureLeavingNothing(
      { 'gpg-public-key': '' },
      /The signature of terraform_1\.9\.8_SHA256SUMS does not verify with the trusted key HashiCorp Security <security@hashicorp\.com> \(C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F\)/,
    );
    expect(result.warnings).toEqual([]);
    // HashiCorp's file naming: the signature named for the trusted key (72D7468F) is tried first.
    const sigs = mirror.requests.filter((r) => r.startsWith('/terraform/1.9.8/') && r.endsWith('.sig'));
    expect(sigs.slice(-2)).toEqual(['/terraform/1.9.8/terraform_1.9.8_SHA256SUMS.72D7468F.sig', '/terraform/1.9.8/terraform_1.9.8_SHA256SUMS.sig']);
  });

  test('a truncated download is retried and then succeeds', async () => {
    mirror.fail('terraform_1.9.8_linux_amd64.zip', { kind: 'truncate' }, 1);
    const result = await setup(mirror, { 'terraform-version': '1.9.8' });
    expect(result.errors).toEqual([]);
    expect(result.outputs.version).toBe('1.9.8');
    expect(result.log).toMatch(/Truncated download of .*terraform_1\.9\.8_linux_amd64\.zip/);
    expect(JSON.parse(result.outputs.metrics).counters.retries).toBe(1);
  });

  test('a download that stays truncated fails and leaves nothing', async () => {
    mirror.fail('terraform_1.9.8_linux_amd64.zip', { kind: 'truncate' });
    await expectFailureLeavingNothing({}, /Truncated download of .*terraform_1\.9\.8_linux_amd64\.zip/);
  });

  test('HTTP 500 twice, then success: retried with backoff', async () => {
    mirror.fail('terraform_1.9.8_SHA256SUMS', { kind: 'status', status: 500 }, 2);
    mirror.fail('/terraform/index.json', { kind: 'status', status: 503 }, 1);
    const exact = await setup(mirror, { 'terraform-version': '1.9.8' });
    expect(exact.errors).toEqual([]);
    expect(JSON.parse(exact.outputs.metrics).counters.retries).toBe(2);
    const ranged = await setup(mirror, { 'terraform-version': '~> 1.9.0' });
    expect(ranged.errors).toEqual([]);
    expect(ranged.outputs.version).toBe('1.9.8');
    expect(JSON.parse(ranged.outputs.metrics).counters.retries).toBe(1);
  });

  test('a version that does not exist says which versions are near it', async () => {
    const result = await expectFailureLeavingNothing(
      { 'terraform-version': '1.9.9' },
      /Terraform 1\.9\.9 was not found: .*terraform_1\.9\.9_SHA256SUMS answered 404/,
    );
    expect(result.errors[0]).toMatch(/Versions near it: .*1\.10\.1.*1\.9\.8/);
  });

  test('a platform the release has no build for names the platforms it has', async () => {
    mirror.fail('terraform_1.9.8_windows_arm64.zip', { kind: 'status', status: 404 });
    const result = await setup(mirror, { 'terraform-version': '1.9.8' }, { runnerOs: 'Windows', runnerArch: 'ARM64' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/Terraform 1\.9\.8 has no build for windows_arm64/);
    expect(result.errors[0]).toMatch(/Platforms in this release: .*linux_amd64/);
    expect(installed(result.dirs)).toEqual([]);
  });

  test('the signature named for the trusted key is preferred over the plain .sig', async () => {
    mirror.fail('terraform_1.9.8_SHA256SUMS.sig', { kind: 'foreign-signature' });
    const before = mirror.requests.length;
    const result = await setup(mirror, { 'terraform-version': '~> 1.9.0' });
    expect(result.errors).toEqual([]);
    const fetched = mirror.requests.slice(before).filter((r) => r.includes('SHA256SUMS.'));
    expect(fetched).toEqual([`/terraform/1.9.8/terraform_1.9.8_SHA256SUMS.${mirror.keyIdShort}.sig`]);
  });
});

describe('setup-terraform: a mirror that publishes only the plain .sig', () => {
  let plain: ReleaseMirror;
  beforeAll(async () => {
    plain = await startMirror({ terraformSignatures: ['plain'] });
  });
  afterAll(() => plain.close());

  test('an exact version falls back to .sig after the key-named file answers 404', async () => {
    const result = await setup(plain, { 'terraform-version': '1.9.8' });
    expect(result.errors).toEqual([]);
    expect(plain.requests.filter((r) => r.includes('SHA256SUMS.'))).toEqual([
      `/terraform/1.9.8/terraform_1.9.8_SHA256SUMS.${plain.keyIdShort}.sig`,
      '/terraform/1.9.8/terraform_1.9.8_SHA256SUMS.sig',
    ]);
  });

  test('a constraint reads the index, which lists only .sig, so only .sig is fetched', async () => {
    const before = plain.requests.length;
    const result = await setup(plain, { 'terraform-version': '~> 1.10.0' });
    expect(result.errors).toEqual([]);
    expect(plain.requests.slice(before).filter((r) => r.includes('SHA256SUMS.'))).toEqual(['/terraform/1.10.2/terraform_1.10.2_SHA256SUMS.sig']);
  });
});
