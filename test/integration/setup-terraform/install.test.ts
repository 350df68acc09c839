/**
 * setup-terraform's bundle against the local release mirror: every version source, constraint
 * resolution in Terraform's grammar, pre-release handling, both vendors' layouts, platform
 * naming, and the warm tool-cache path.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReleaseMirror } from '../../fakes/release-mirror/server.js';
import { createRunnerDirs, installed, setup, startMirror } from './helpers.js';

let mirror: ReleaseMirror;
beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(() => mirror.close());

const runBinary = (file: string) => execFileSync(file, ['version'], { encoding: 'utf8' });

describe('setup-terraform: installing', () => {
  test('an exact version is downloaded, verified, installed and put on PATH; a second run in the job hits the tool cache with no network', async () => {
    const dirs = createRunnerDirs();
    const first = await setup(mirror, { 'terraform-version': '1.9.8' }, { dirs });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({ version: '1.9.8', 'cache-hit': 'false', source: 'input' });
    const binary = first.outputs.path;
    expect(binary).toBe(path.join(dirs.toolCache, 'terraform', '1.9.8', 'x64', 'terraform'));
    expect(first.addedPath).toEqual([path.dirname(binary)]);
    expect(runBinary(binary)).toBe('Terraform v1.9.8\non linux_amd64\n');
    expect(installed(dirs)).toEqual(['terraform/1.9.8/x64']);
    // No index needed for an exact version: SHA256SUMS, its signature and the archive only.
    expect(mirror.requests.filter((r) => r.includes('1.9.8')).sort()).toEqual(
      [
        `/terraform/1.9.8/terraform_1.9.8_SHA256SUMS`,
        `/terraform/1.9.8/terraform_1.9.8_SHA256SUMS.${mirror.keyIdShort}.sig`,
        '/terraform/1.9.8/terraform_1.9.8_linux_amd64.zip',
      ].sort(),
    );
    expect(first.log).toMatch(/Signature of terraform_1\.9\.8_SHA256SUMS: good, by Release Mirror Test Key/);
    expect(first.warnings.join('\n')).toMatch(/verified with the key from 'gpg-public-key' .* INSTEAD of the vendor's release key/);
    const metrics = JSON.parse(first.outputs.metrics);
    expect(metrics.phases.map((p: { name: string }) => p.name)).toEqual(['resolve', 'download', 'verify', 'install']);
    expect(metrics.counters.download_bytes).toBeGreaterThan(0);

    const before = mirror.requests.length;
    const second = await setup(mirror, { 'terraform-version': '1.9.8' }, { dirs });
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({ version: '1.9.8', 'cache-hit': 'true', path: binary });
    expect(mirror.requests.length).toBe(before);
    expect(JSON.parse(second.outputs.metrics).counters).toMatchObject({ tool_cache_hit: 1 });
  });

  test.each([
    ['~> 1.9', '1.10.2'],
    ['~> 1.9.0', '1.9.8'],
    ['>= 1.5, < 2.0, != 1.10.2', '1.10.1'],
    ['< 1.9', '1.8.5'],
    ['~> 1', '2.0.0'],
    ['= 1.10.0-rc1', '1.10.0-rc1'],
    ['latest', '2.0.0'],
  ])('constraint %j resolves to the newest matching release %s (pre-releases only when named)', async (constraint, expected) => {
    const result = await setup(mirror, { 'terraform-version': constraint });
    expect(result.errors).toEqual([]);
    expect(result.outputs.version).toBe(expected);
    expect(runBinary(result.outputs.path)).toContain(`Terraform v${expected}`);
  });

  test('include-prereleases lets latest and constraints choose a pre-release', async () => {
    const latest = await setup(mirror, { 'terraform-version': 'latest', 'include-prereleases': 'true' });
    expect(latest.outputs.version).toBe('2.1.0-beta1');
    const within = await setup(mirror, { 'terraform-version': '~> 1.10.0', 'include-prereleases': 'true' });
    expect(within.outputs.version).toBe('1.10.2');
  });

  test('a constraint nothing satisfies fails and names the newest versions', async () => {
    const result = await setup(mirror, { 'terraform-version': '~> 3.0' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/^setup-terraform: No Terraform release satisfies "~> 3.0" \(from input\)/);
    expect(result.errors[0]).toMatch(/Newest published versions: 2\.0\.0, 1\.10\.2/);
    expect(installed(result.dirs)).toEqual([]);
  });

  test.each([
    ['.terraform-version', '1.8.5\n', '1.8.5', '.terraform-version'],
    ['.terraform-version', '# pinned\n~> 1.9.0\n', '1.9.8', '.terraform-version'],
    ['.tool-versions', 'nodejs 20.1.0\nterraform 1.5.7\n', '1.5.7', '.tool-versions'],
  ])('without an input the version comes from %s', async (file, content, expected, source) => {
    const dirs = createRunnerDirs();
    writeFileSync(path.join(dirs.workspace, file), content);
    const result = await setup(mirror, {}, { dirs });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({ version: expected, source });
    expect(result.log).toContain(`(from ${source})`);
  });

  test('.terraform-version wins over .tool-versions, which wins over required_version', async () => {
    const dirs = createRunnerDirs();
    writeFileSync(path.join(dirs.workspace, 'versions.tf'), 'terraform {\n  required_version = "~> 1.9.0"\n}\n');
    const fromTf = await setup(mirror, {}, { dirs });
    expect(fromTf.outputs).toMatchObject({ version: '1.9.8', source: 'required_version in versions.tf' });
    writeFileSync(path.join(dirs.workspace, '.tool-versions'), 'terraform 1.8.5\n');
    expect((await setup(mirror, {}, { dirs })).outputs).toMatchObject({ version: '1.8.5', source: '.tool-versions' });
    writeFileSync(path.join(dirs.workspace, '.terraform-version'), '1.5.7\n');
    expect((await setup(mirror, {}, { dirs })).outputs).toMatchObject({ version: '1.5.7', source: '.terraform-version' });
  });

  test('required_version constraints of every *.tf in working-directory all apply', async () => {
    const dirs = createRunnerDirs();
    const root = path.join(dirs.workspace, 'infra', 'prod');
    mkdirSync(root, { recursive: true });
    writeFileSync(
      path.join(root, 'main.tf'),
      '# terraform { required_version = "0.1" }\nterraform {\n  required_providers {\n    aws = { version = "~> 5.0" }\n  }\n  required_version = ">= 1.5"\n}\n',
    );
    writeFileSync(path.join(root, 'versions.tf'), 'terraform {\n  required_version = "< 1.10"\n}\n');
    const result = await setup(mirror, { 'working-directory': 'infra/prod' }, { dirs });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({ version: '1.9.8', source: 'required_version in infra/prod/main.tf, infra/prod/versions.tf' });
  });

  test('with no version anywhere the latest release is installed', async () => {
    const result = await setup(mirror, {});
    expect(result.outputs).toMatchObject({ version: '2.0.0', source: 'default (latest)' });
  });

  test('OpenTofu comes from its own layout (version API + release assets) and its own version file', async () => {
    const dirs = createRunnerDirs();
    writeFileSync(path.join(dirs.workspace, '.opentofu-version'), '~> 1.8.0\n');
    writeFileSync(path.join(dirs.workspace, '.terraform-version'), '1.9.8\n'); // Terraform's, not ours
    const before = mirror.requests.length;
    const result = await setup(mirror, { tool: 'opentofu' }, { dirs });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({ version: '1.8.5', source: '.opentofu-version' });
    expect(result.outputs.path).toBe(path.join(dirs.toolCache, 'tofu', '1.8.5', 'x64', 'tofu'));
    expect(runBinary(result.outputs.path)).toBe('OpenTofu v1.8.5\non linux_amd64\n');
    expect(mirror.requests.slice(before).sort()).toEqual(
      [
        '/tofu/api.json',
        '/opentofu/opentofu/releases/download/v1.8.5/tofu_1.8.5_SHA256SUMS',
        '/opentofu/opentofu/releases/download/v1.8.5/tofu_1.8.5_SHA256SUMS.gpgsig',
        '/opentofu/opentofu/releases/download/v1.8.5/tofu_1.8.5_linux_amd64.zip',
      ].sort(),
    );
  });

  test('OpenTofu pre-releases are excluded from latest unless asked for', async () => {
    expect((await setup(mirror, { tool: 'tofu', 'terraform-version': 'latest' })).outputs.version).toBe('1.8.5');
    expect((await setup(mirror, { tool: 'opentofu', 'terraform-version': 'latest', 'include-prereleases': 'true' })).outputs.version).toBe('1.9.0-alpha1');
  });

  test.each([
    ['Windows', 'ARM64', 'windows_arm64', path.join('terraform', '1.9.8', 'arm64', 'terraform.exe')],
    ['Windows', 'X64', 'windows_amd64', path.join('terraform', '1.9.8', 'x64', 'terraform.exe')],
    ['macOS', 'ARM64', 'darwin_arm64', path.join('terraform', '1.9.8', 'arm64', 'terraform')],
    ['Linux', 'ARM64', 'linux_arm64', path.join('terraform', '1.9.8', 'arm64', 'terraform')],
  ] as const)('%s/%s downloads the %s archive and installs %s', async (runnerOs, runnerArch, platform, file) => {
    const before = mirror.requests.length;
    const result = await setup(mirror, { 'terraform-version': '1.9.8' }, { runnerOs, runnerArch });
    expect(result.errors).toEqual([]);
    expect(result.outputs.path).toBe(path.join(result.dirs.toolCache, file));
    expect(mirror.requests.slice(before)).toContain(`/terraform/1.9.8/terraform_1.9.8_${platform}.zip`);
  });

  test('a bad version input fails before anything happens, naming the input', async () => {
    const before = mirror.requests.length;
    const result = await setup(mirror, { 'terraform-version': '~> one.two' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/^setup-terraform: Input 'terraform-version' has invalid value "~> one\.two": expected an exact version/);
    expect(mirror.requests.length).toBe(before);
    expect(result.addedPath).toEqual([]);
  });

  test('a malformed version file fails naming the file and line', async () => {
    const dirs = createRunnerDirs();
    writeFileSync(path.join(dirs.workspace, '.terraform-version'), '\n\nlatest:^1.5\n');
    const result = await setup(mirror, {}, { dirs });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/\.terraform-version line 3 uses "latest:\^1\.5", a tfenv-only keyword/);
  });
});
