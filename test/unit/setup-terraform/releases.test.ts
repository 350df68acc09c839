/**
 * The vendors' release layouts: index formats as HashiCorp and OpenTofu publish them, file names,
 * URLs built from the base (never from the index's absolute URLs), and the signature file choice.
 */
import { opentofuLayout, parseSha256Sums, terraformLayout } from '#shared/setup-terraform/releases.js';
import type { Platform } from '#shared/setup-terraform/platform.js';

const windowsArm: Platform = { os: 'windows', arch: 'arm64', cacheArch: 'arm64', exe: '.exe' };

// The shape of releases.hashicorp.com/terraform/index.json (one version shown).
const HASHICORP_INDEX = JSON.stringify({
  name: 'terraform',
  versions: {
    '1.9.8': {
      name: 'terraform',
      version: '1.9.8',
      shasums: 'terraform_1.9.8_SHA256SUMS',
      shasums_signature: 'terraform_1.9.8_SHA256SUMS.sig',
      shasums_signatures: ['terraform_1.9.8_SHA256SUMS.72D7468F.sig', 'terraform_1.9.8_SHA256SUMS.sig'],
      builds: [
        {
          name: 'terraform',
          version: '1.9.8',
          os: 'linux',
          arch: 'amd64',
          filename: 'terraform_1.9.8_linux_amd64.zip',
          url: 'https://elsewhere.invalid/terraform_1.9.8_linux_amd64.zip',
        },
      ],
    },
    '0.11.0': {
      name: 'terraform',
      version: '0.11.0',
      shasums: 'terraform_0.11.0_SHA256SUMS',
      shasums_signature: 'terraform_0.11.0_SHA256SUMS.sig',
      builds: [],
    },
  },
});

// The shape of get.opentofu.org/tofu/api.json.
const OPENTOFU_API = JSON.stringify({
  versions: [
    {
      id: '1.8.5',
      files: ['tofu_1.8.5_linux_amd64.zip', 'tofu_1.8.5_SHA256SUMS', 'tofu_1.8.5_SHA256SUMS.gpgsig', 'tofu_1.8.5_SHA256SUMS.sig', 'tofu_1.8.5_SHA256SUMS.pem'],
    },
  ],
});

describe('Terraform layout', () => {
  const layout = terraformLayout('https://mirror.example.test/artifactory/hashicorp/');
  test('URLs come from the base and the file name', () => {
    expect(layout.indexUrl).toBe('https://mirror.example.test/artifactory/hashicorp/terraform/index.json');
    expect(layout.fileUrl('1.9.8', layout.archiveName('1.9.8', windowsArm))).toBe(
      'https://mirror.example.test/artifactory/hashicorp/terraform/1.9.8/terraform_1.9.8_windows_arm64.zip',
    );
    expect(terraformLayout('').indexUrl).toBe('https://releases.hashicorp.com/terraform/index.json');
  });

  test('the index lists versions and their files', () => {
    const index = layout.parseIndex(HASHICORP_INDEX);
    expect(index.versions).toEqual(['1.9.8', '0.11.0']);
    expect(index.files.get('1.9.8')).toContain('terraform_1.9.8_linux_amd64.zip');
  });

  test('the signature named for the trusted key is preferred when listed; the plain one otherwise', () => {
    const index = layout.parseIndex(HASHICORP_INDEX);
    expect(layout.signatureNames('1.9.8', '72D7468F', index)).toEqual(['terraform_1.9.8_SHA256SUMS.72D7468F.sig', 'terraform_1.9.8_SHA256SUMS.sig']);
    expect(layout.signatureNames('0.11.0', '72D7468F', index)).toEqual(['terraform_0.11.0_SHA256SUMS.sig']);
    expect(layout.signatureNames('1.9.8', 'abcd1234')).toEqual(['terraform_1.9.8_SHA256SUMS.ABCD1234.sig', 'terraform_1.9.8_SHA256SUMS.sig']);
  });

  test('a version that could escape the URL path is refused', () => {
    expect(() => layout.fileUrl('../../etc', 'x')).toThrow(/Refusing to build a download URL/);
  });

  test('an index in another format is reported as such', () => {
    expect(() => layout.parseIndex('<html>')).toThrow(/is not in the expected format: it is not JSON/);
    expect(() => layout.parseIndex(OPENTOFU_API)).toThrow(/no "versions" object/);
  });
});

describe('OpenTofu layout', () => {
  test('the version API and GitHub release asset paths, under the default hosts or one mirror base', () => {
    const official = opentofuLayout('');
    expect(official.indexUrl).toBe('https://get.opentofu.org/tofu/api.json');
    expect(official.fileUrl('1.8.5', 'tofu_1.8.5_SHA256SUMS')).toBe('https://github.com/opentofu/opentofu/releases/download/v1.8.5/tofu_1.8.5_SHA256SUMS');
    const mirror = opentofuLayout('https://nexus.example.test/repository/tofu');
    expect(mirror.indexUrl).toBe('https://nexus.example.test/repository/tofu/tofu/api.json');
    expect(mirror.fileUrl('1.8.5', mirror.archiveName('1.8.5', windowsArm))).toBe(
      'https://nexus.example.test/repository/tofu/opentofu/opentofu/releases/download/v1.8.5/tofu_1.8.5_windows_arm64.zip',
    );
  });

  test('the OpenPGP signature is the .gpgsig (the .sig beside it is cosign)', () => {
    const layout = opentofuLayout('');
    expect(layout.signatureNames('1.8.5', 'E5FD9F80', layout.parseIndex(OPENTOFU_API))).toEqual(['tofu_1.8.5_SHA256SUMS.gpgsig']);
    expect(layout.parseIndex(OPENTOFU_API).versions).toEqual(['1.8.5']);
    expect(() => layout.parseIndex(HASHICORP_INDEX)).toThrow(/no "versions" array/);
  });
});

test('SHA256SUMS lines: two spaces, a binary-mode star, CRLF and junk lines', () => {
  const sums = parseSha256Sums(`${'a'.repeat(64)}  terraform_1_linux_amd64.zip\r\n${'B'.repeat(64)} *tofu_1_linux_amd64.zip\nnot a line\n\n`);
  expect([...sums]).toEqual([
    ['terraform_1_linux_amd64.zip', 'a'.repeat(64)],
    ['tofu_1_linux_amd64.zip', 'b'.repeat(64)],
  ]);
});
