/**
 * setup-terraform's bundle: the optional wrapper (byte-for-byte stdout, exact exit codes, step
 * outputs), CLI credentials, and caching across runs through the fake Actions results service
 * (the verified release files, and the provider plugin cache keyed by the lock files).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAction, runActionWithPost } from '../../harness/run-action.js';
import { parseFileCommands } from '../../harness/workflow-commands.js';
import { startFakeActionsResults, type FakeActionsResults } from '../../fakes/actions-results/server.js';
import type { ReleaseMirror } from '../../fakes/release-mirror/server.js';
import { createRunnerDirs, setup, startMirror } from './helpers.js';

let mirror: ReleaseMirror;
beforeAll(async () => {
  mirror = await startMirror();
});
afterAll(() => mirror.close());

/**
 * Runs a command the way a later `run:` step would: with the job's PATH (the runner prepends each
 * GITHUB_PATH line in turn, so the last one added comes first) and the step's own GITHUB_OUTPUT.
 */
function laterStep(dirs: { temp: string }, addedPath: string[], command: string, args: string[]) {
  const outputFile = path.join(dirs.temp, `later-step-output-${randomBytes(4).toString('hex')}`);
  writeFileSync(outputFile, '');
  const result = spawnSync(command, args, {
    env: { PATH: [...[...addedPath].reverse(), process.env.PATH].join(path.delimiter), GITHUB_OUTPUT: outputFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: parseFileCommands(readFileSync(outputFile, 'utf8')) };
}

describe('setup-terraform: wrapper', () => {
  test('wrapper: false (the default) puts only the real binary on PATH, so $(terraform output -raw x) sees raw output', async () => {
    const result = await setup(mirror, { 'terraform-version': '1.9.8' });
    expect(result.addedPath).toEqual([path.dirname(result.outputs.path)]);
    const run = laterStep(result.dirs, result.addedPath, 'terraform', ['exit', '2']);
    expect(run.status).toBe(2);
    expect(run.outputs).toEqual({});
  });

  test('wrapper: true streams binary stdout byte for byte and sets stdout, stderr and exitcode outputs', async () => {
    const result = await setup(mirror, { 'terraform-version': '1.9.8', wrapper: 'true' });
    expect(result.errors).toEqual([]);
    expect(result.addedPath).toHaveLength(2);
    const [realDir, wrapperDir] = result.addedPath;
    expect(realDir).toBe(path.dirname(result.outputs.path));
    expect(existsSync(path.join(wrapperDir, 'terraform'))).toBe(true);

    const bytes = Buffer.concat([Buffer.from([0, 255, 254, 10, 13, 0x80]), randomBytes(4096), Buffer.from('::warning::not a command\n')]);
    const file = path.join(result.dirs.temp, 'state.bin');
    writeFileSync(file, bytes);
    const run = laterStep(result.dirs, result.addedPath, 'terraform', ['cat', file]);
    expect(run.status).toBe(0);
    expect(Buffer.compare(run.stdout, bytes)).toBe(0);
    expect(run.outputs.exitcode).toBe('0');
    expect(run.outputs.stdout).toBe(bytes.toString('utf8'));
    expect(run.outputs.stderr).toBe('');
  });

  test('the exact exit code survives the wrapper (2 from -detailed-exitcode stays 2), with both streams captured', async () => {
    const result = await setup(mirror, { 'terraform-version': '1.9.8', wrapper: 'true' });
    for (const code of ['2', '1', '3']) {
      const run = laterStep(result.dirs, result.addedPath, 'terraform', ['exit', code]);
      expect(run.status).toBe(Number(code));
      expect(run.stdout.toString()).toBe(`stdout before exit ${code}\n`);
      expect(run.stderr.toString()).toBe(`stderr before exit ${code}\n`);
      expect(run.outputs).toEqual({ stdout: `stdout before exit ${code}\n`, stderr: `stderr before exit ${code}\n`, exitcode: code });
    }
  });

  test('output beyond GitHub’s size limit is still streamed in full, and the step output is truncated with a note', async () => {
    const result = await setup(mirror, { 'terraform-version': '1.9.8', wrapper: 'true' });
    const big = Buffer.alloc(1_500_000, 'x');
    const file = path.join(result.dirs.temp, 'big.txt');
    writeFileSync(file, big);
    const run = laterStep(result.dirs, result.addedPath, 'terraform', ['cat', file]);
    expect(run.stdout.length).toBe(big.length);
    expect(run.outputs.stdout.startsWith('x'.repeat(1_000_000))).toBe(true);
    expect(run.outputs.stdout.slice(1_000_000)).toBe(
      "\n[setup-terraform: output truncated to the first 1000000 of 1500000 bytes (GitHub's output size limit)]",
    );
  });

  test('on Windows the wrapper is a .cmd shim (plus an sh shim for Git Bash) that passes every argument', async () => {
    const result = await setup(mirror, { 'terraform-version': '1.9.8', wrapper: 'true' }, { runnerOs: 'Windows' });
    expect(result.errors).toEqual([]);
    const wrapperDir = result.addedPath[1];
    const cmd = readFileSync(path.join(wrapperDir, 'terraform.cmd'), 'utf8');
    expect(cmd).toContain('--dataops-setup-terraform-wrapper');
    expect(cmd).toContain(`"${result.outputs.path}" %*\r\n`);
    expect(cmd).toContain('exit /b %ERRORLEVEL%');
    expect(existsSync(path.join(wrapperDir, 'terraform'))).toBe(true);
  });
});

describe('setup-terraform: CLI credentials', () => {
  test('the token is written to ~/.terraformrc for the hostname, masked, and never logged', async () => {
    const token = 'tok3n.atlasv1.S3cr3tValue';
    const result = await setup(mirror, {
      'terraform-version': '1.9.8',
      'cli-config-credentials-token': token,
      'cli-config-credentials-hostname': 'tfe.example.com',
    });
    expect(result.errors).toEqual([]);
    expect(result.masks).toContain(token);
    expect(result.stdout.replace(`::add-mask::${token}`, '')).not.toContain(token);
    const rc = readFileSync(path.join(result.dirs.home, '.terraformrc'), 'utf8');
    expect(rc).toContain(`credentials "tfe.example.com" {\n  token = "${token}"\n}`);
  });

  test('OpenTofu on Windows gets %APPDATA%\\tofu.rc, and existing settings in it are kept', async () => {
    const dirs = createRunnerDirs();
    const appData = path.join(dirs.home, 'AppData');
    mkdirSync(appData, { recursive: true });
    writeFileSync(path.join(appData, 'tofu.rc'), 'plugin_cache_dir = "C:/cache"\n');
    const result = await setup(
      mirror,
      { tool: 'opentofu', 'terraform-version': '1.8.5', 'cli-config-credentials-token': 'abc123' },
      { dirs, runnerOs: 'Windows', env: { APPDATA: appData } },
    );
    expect(result.errors).toEqual([]);
    const rc = readFileSync(path.join(appData, 'tofu.rc'), 'utf8');
    expect(rc.startsWith('plugin_cache_dir = "C:/cache"\n')).toBe(true);
    expect(rc).toContain('credentials "app.terraform.io" {\n  token = "abc123"\n}');
  });

  test('an invalid hostname fails before anything is installed', async () => {
    const result = await setup(mirror, {
      'terraform-version': '1.9.8',
      'cli-config-credentials-token': 'x',
      'cli-config-credentials-hostname': 'https://app.terraform.io/',
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/Input 'cli-config-credentials-hostname' has invalid value "https:\/\/app\.terraform\.io\/": expected a hostname/);
    expect(result.addedPath).toEqual([]);
  });
});

test('without plugin-cache the post step has nothing to do and exits at once', async () => {
  const { main, post } = await runActionWithPost('setup-terraform', {
    inputs: { 'releases-url': mirror.url, 'gpg-public-key': mirror.publicKey, 'terraform-version': '1.9.8' },
  });
  expect(main.exitCode).toBe(0);
  expect(main.state).toEqual({ isPost: 'true' });
  expect(post.exitCode).toBe(0);
  expect(post.errors).toEqual([]);
  expect(post.stdout).toBe('');
});

describe('setup-terraform: caching across runs', () => {
  let results: FakeActionsResults;
  beforeAll(async () => {
    results = await startFakeActionsResults();
  });
  afterAll(() => results.close());

  test('the verified release files are saved once, and a later run with an empty tool cache restores them instead of downloading', async () => {
    const dirs = createRunnerDirs();
    const first = await setup(mirror, { 'terraform-version': '1.10.1' }, { dirs, env: results.env });
    expect(first.errors).toEqual([]);
    expect(first.outputs['cache-hit']).toBe('false');
    expect(results.caches.map((c) => c.key)).toEqual(['setup-terraform-terraform-1.10.1-linux-amd64-v1']);

    rmSync(dirs.toolCache, { recursive: true, force: true });
    mkdirSync(dirs.toolCache);
    const before = mirror.requests.length;
    const second = await setup(mirror, { 'terraform-version': '1.10.1' }, { dirs, env: results.env });
    expect(second.errors).toEqual([]);
    expect(second.outputs['cache-hit']).toBe('true');
    expect(mirror.requests.slice(before)).toEqual([]);
    expect(second.log).toContain('Restored terraform_1.10.1_linux_amd64.zip from the Actions cache');
    expect(second.log).toMatch(/Signature of terraform_1\.10\.1_SHA256SUMS: good/);
    expect(JSON.parse(second.outputs.metrics).counters).toMatchObject({ actions_cache_hit: 1 });
    expect(spawnSync(second.outputs.path, ['version']).stdout.toString()).toContain('Terraform v1.10.1');
    expect(results.caches).toHaveLength(1);
  });

  test('plugin-cache sets TF_PLUGIN_CACHE_DIR and its key follows the lock files', async () => {
    const dirs = createRunnerDirs();
    const lock = path.join(dirs.workspace, 'infra', '.terraform.lock.hcl');
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.1.0"\n}\n');
    const inputs = { 'terraform-version': '1.9.8', 'plugin-cache': 'true' };

    const first = await setup(mirror, inputs, { dirs, env: results.env });
    expect(first.errors).toEqual([]);
    const pluginDir = path.join(dirs.home, '.terraform.d', 'plugin-cache');
    expect(first.exportedEnv.TF_PLUGIN_CACHE_DIR).toBe(pluginDir);
    const key1 = first.state.pluginCacheKey;
    expect(key1).toMatch(/^setup-terraform-plugins-terraform-linux-amd64-[0-9a-f]{64}$/);
    expect(first.state.pluginCacheMatchedKey).toBe('');
    // `terraform init` would fill the cache during the job; the post step saves it.
    mkdirSync(path.join(pluginDir, 'registry.terraform.io'), { recursive: true });
    writeFileSync(path.join(pluginDir, 'registry.terraform.io', 'provider.bin'), 'provider');
    const post1 = await runAction('setup-terraform', { dirs, env: results.env, post: { state: first.state } });
    expect(post1.errors).toEqual([]);
    expect(results.caches.map((c) => c.key)).toContain(key1);

    // Same lock file: same key, restored exactly, nothing saved again.
    const again = await setup(mirror, inputs, { dirs, env: results.env });
    expect(again.state.pluginCacheKey).toBe(key1);
    expect(again.state.pluginCacheMatchedKey).toBe(key1);
    const post2 = await runAction('setup-terraform', { dirs, env: results.env, post: { state: again.state } });
    expect(post2.log).toContain('nothing to save');

    // A changed lock file: a new key, the old cache restored as a starting point, then saved anew.
    writeFileSync(lock, 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.2.0"\n}\n');
    rmSync(pluginDir, { recursive: true, force: true });
    const changed = await setup(mirror, inputs, { dirs, env: results.env });
    const key2 = changed.state.pluginCacheKey;
    expect(key2).not.toBe(key1);
    expect(changed.state.pluginCacheMatchedKey).toBe(key1);
    expect(readFileSync(path.join(pluginDir, 'registry.terraform.io', 'provider.bin'), 'utf8')).toBe('provider');
    await runAction('setup-terraform', { dirs, env: results.env, post: { state: changed.state } });
    expect(results.caches.map((c) => c.key)).toContain(key2);
  });
});
