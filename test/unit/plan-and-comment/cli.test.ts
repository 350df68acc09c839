/**
 * The Terraform CLI runner against the CLI test double: argument arrays, variables and backend
 * settings through private temp files (never on the command line), exit code mapping, error
 * output, atomic show files, workspaces, and the calls deploy-with-rollback relies on.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backendFileText, findTerraformBinary, formatLockTimeout, isBackendPair, TerraformCli, TerraformCommandError } from '#shared/terraform/cli.js';
import { readPlanSummary } from '#shared/terraform/plan-json.js';
import { repoRoot } from '../../harness/paths.js';

const bin = path.join(repoRoot, 'test', 'fixtures', 'terraform-double', 'bin');

interface Fixture {
  dir: string;
  temp: string;
  log: string;
  calls(): Array<{ argv: string[]; varFiles?: Record<string, string>; backendFiles?: Record<string, string>; env: Record<string, string> }>;
  cli(tool?: 'terraform' | 'tofu'): Promise<TerraformCli>;
}

function fixture(scenario: string): Fixture {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tf-cli-'));
  const dir = path.join(root, 'module');
  const temp = path.join(root, 'temp');
  mkdirSync(dir);
  mkdirSync(temp);
  writeFileSync(path.join(dir, 'main.tf'), 'resource "null_resource" "x" {}\n');
  writeFileSync(path.join(dir, '.terraform-double-scenario'), scenario);
  const log = path.join(root, 'calls.log');
  return {
    dir,
    temp,
    log,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l))
        : [],
    cli: (tool = 'terraform') =>
      TerraformCli.create({ tool, binary: path.join(bin, tool), cwd: dir, tempDir: temp, stream: false, env: { TERRAFORM_DOUBLE_LOG: log } }),
  };
}

describe('TerraformCli', () => {
  test('init → plan → show: variables arrive in a private file, never as -var; temp files are gone afterwards', async () => {
    const f = fixture('sensitive');
    const tf = await f.cli();
    await tf.init({ backendConfig: ['bucket=acme-state', 'key=data/${path}.tfstate'], args: ['-upgrade'] });
    const planFile = path.join(f.temp, 'out', 'plan.tfplan');
    const plan = await tf.plan({ out: planFile, vars: { db_password: 'hunter2-double-secret', replicas: 3 }, lockTimeoutMs: 90_000, args: ['-refresh=false'] });
    expect(plan.hasChanges).toBe(true);
    expect(plan.exitCode).toBe(2);

    const [init, planCall] = f.calls();
    expect(init.argv.slice(0, 3)).toEqual(['init', '-input=false', '-no-color']);
    expect(init.argv.at(-1)).toBe('-upgrade');
    expect(Object.values(init.backendFiles!)).toEqual(['bucket = "acme-state"\nkey = "data/$${path}.tfstate"\n']);
    expect(init.env).toMatchObject({ TF_IN_AUTOMATION: '1', TF_INPUT: '0' });

    expect(planCall.argv).toEqual([
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      `-out=${planFile}`,
      '-lock-timeout=90s',
      expect.stringMatching(/^-var-file=.*vars-.*\.tfvars\.json$/),
      '-refresh=false',
    ]);
    expect(planCall.argv.join(' ')).not.toContain('hunter2');
    expect(Object.values(planCall.varFiles!).map((t) => JSON.parse(t))).toEqual([{ db_password: 'hunter2-double-secret', replicas: 3 }]);
    expect(readdirSync(f.temp)).toEqual(['out']); // the private var and backend files were deleted

    const json = path.join(f.temp, 'out', 'plan.json');
    await tf.showJson(planFile, json);
    const text = readFileSync(json, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(text).variables.db_password.value).toBe('hunter2-double-secret'); // Terraform records variables in the plan
    expect((await readPlanSummary(json)).counts).toMatchObject({ create: 1, update: 1 });
    const readable = path.join(f.temp, 'out', 'plan.txt');
    await tf.showText(planFile, readable);
    expect(readFileSync(readable, 'utf8')).toContain('+ secret_string = (sensitive value)');
  });

  test('a failing plan throws TerraformCommandError with the diagnostics only', async () => {
    const f = fixture('plan-error');
    const tf = await f.cli();
    await tf.init();
    const err = await tf.plan({ out: path.join(f.temp, 'p') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerraformCommandError);
    const e = err as TerraformCommandError;
    expect(e.message).toBe('terraform plan failed (exit code 1)');
    expect(e.errorOutput).toMatch(/^╷\n│ Error: Reference to undeclared input variable/);
    expect(e.errorOutput).toContain('An argument named "acl_policy" is not expected here.');
    expect(e.errorOutput).not.toContain('Refreshing state');
  });

  test('no changes is exit code 0 and hasChanges false; a missing required variable fails', async () => {
    const f = fixture('no-changes');
    const tf = await f.cli();
    await tf.init();
    expect((await tf.plan({ out: path.join(f.temp, 'p') })).hasChanges).toBe(false);
    const g = fixture('sensitive');
    const tg = await g.cli();
    await tg.init();
    await expect(tg.plan({ out: path.join(g.temp, 'p') })).rejects.toMatchObject({ errorOutput: expect.stringContaining('No value for required variable') });
  });

  test('selectWorkspace creates a missing workspace, then selects it again without creating', async () => {
    const f = fixture('no-changes');
    const tf = await f.cli();
    await tf.init();
    await tf.selectWorkspace('staging');
    await tf.selectWorkspace('staging');
    const argvs = f.calls().map((c) => c.argv.join(' '));
    expect(argvs.slice(1)).toEqual(['workspace select staging', 'workspace new staging', 'workspace select staging']);
    expect(readFileSync(path.join(f.dir, '.terraform', 'environment'), 'utf8')).toBe('staging');
  });

  test('a failed show leaves no file behind (atomic)', async () => {
    const f = fixture('no-changes');
    const tf = await f.cli();
    const dest = path.join(f.temp, 'show', 'plan.json');
    writeFileSync(path.join(f.temp, 'not-a-plan'), 'garbage');
    await expect(tf.showJson(path.join(f.temp, 'not-a-plan'), dest)).rejects.toBeInstanceOf(TerraformCommandError);
    expect(readdirSync(path.dirname(dest))).toEqual([]);
  });

  test('apply of the saved plan, then state pull and output -json (what deploy-with-rollback uses); a second apply is stale', async () => {
    const f = fixture('creates-only');
    const tf = await f.cli('tofu');
    expect(await tf.version()).toEqual({ version: '1.8.5', platform: 'linux_amd64' });
    await tf.init();
    const planFile = path.join(f.temp, 'plan.tfplan');
    await tf.plan({ out: planFile });
    const applied = await tf.apply(planFile, { lockTimeoutMs: 5000 });
    expect(applied.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    expect(f.calls().at(-1)!.argv).toEqual(['apply', '-input=false', '-no-color', '-auto-approve', '-lock-timeout=5s', planFile]);
    expect(JSON.parse(await tf.statePull())).toMatchObject({ version: 4, serial: 2 });
    expect(await tf.outputJson()).toEqual({});
    await expect(tf.apply(planFile)).rejects.toMatchObject({ errorOutput: expect.stringContaining('Saved plan is stale') });
  });

  test('a state lock held longer than the lock timeout fails the plan', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tf-lock-'));
    writeFileSync(path.join(root, 'scenario.json'), JSON.stringify({ lockedForSeconds: 60 }));
    const f = fixture(root);
    const tf = await f.cli();
    await tf.init();
    await expect(tf.plan({ out: path.join(f.temp, 'p'), lockTimeoutMs: 10_000 })).rejects.toMatchObject({
      errorOutput: expect.stringContaining('Error acquiring the state lock'),
    });
    await expect(tf.plan({ out: path.join(f.temp, 'p'), lockTimeoutMs: 120_000 })).resolves.toMatchObject({ exitCode: 0 });
  });
});

describe('helpers', () => {
  test('backend settings become an HCL file whose values cannot interpolate', () => {
    expect(backendFileText(['bucket=a"b', 'key = x/${y}/%{z}'])).toBe('bucket = "a\\"b"\nkey = "x/$${y}/%%{z}"\n');
    expect(isBackendPair('bucket=x')).toBe(true);
    expect(isBackendPair('config/backend.hcl')).toBe(false);
    expect(isBackendPair('dir=with/equals.hcl')).toBe(true);
  });

  test('lock timeouts are whole seconds', () => {
    expect(formatLockTimeout(0)).toBe('0s');
    expect(formatLockTimeout(120_000)).toBe('120s');
    expect(formatLockTimeout(1_499)).toBe('1s');
  });

  test('the setup-terraform wrapper is bypassed for the real binary beside it; a missing CLI says which setup step to add', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tf-bin-'));
    for (const name of ['terraform', 'terraform-bin']) {
      writeFileSync(path.join(dir, name), '#!/bin/sh\n');
      chmodSync(path.join(dir, name), 0o755);
    }
    const saved = process.env.PATH;
    try {
      process.env.PATH = dir;
      expect(await findTerraformBinary('terraform')).toBe(path.join(dir, 'terraform-bin'));
      await expect(findTerraformBinary('tofu')).rejects.toMatchObject({
        message: 'tofu was not found on PATH',
        hint: expect.stringContaining('opentofu/setup-opentofu'),
      });
    } finally {
      process.env.PATH = saved;
    }
  });
});
