/**
 * The Terraform / OpenTofu CLI runner shared by plan-and-comment and deploy-with-rollback.
 *
 *   const tf = await TerraformCli.create({ tool: 'terraform', cwd: moduleDir, tempDir: process.env.RUNNER_TEMP! });
 *   await tf.init({ backendConfig: ['bucket=state', 'backend.hcl'], args: ['-upgrade'] });
 *   await tf.selectWorkspace('prod');                      // creates it when missing
 *   const plan = await tf.plan({ out: planFile, varFiles: ['prod.tfvars'], vars: { db_password: '…' }, lockTimeoutMs: 120_000 });
 *   if (plan.hasChanges) await tf.showJson(planFile, jsonFile); // streamed to disk, never held in memory
 *   await tf.showText(planFile, textFile);                  // `show -no-color`, also to disk
 *   await tf.apply(planFile, { lockTimeoutMs });            // a saved plan: no approval prompt, no vars
 *   const state = await tf.statePull(); const outputs = await tf.outputJson();
 *
 * Guarantees: argument arrays only (never a shell string); `-input=false` and `-no-color` where the
 * command takes them; TF_IN_AUTOMATION=1 and CHECKPOINT_DISABLE=1; variables are written to a
 * 0600 `.tfvars.json` file in a private temp folder and passed with `-var-file` (never `-var`, so
 * a value never shows in a process list or log), and backend `key=value` settings to a temp
 * backend file, both deleted when the command ends; every failure throws TerraformCommandError
 * carrying the command's error output (its diagnostics, not the whole log) as `errorOutput`.
 * When the tool on PATH is the setup-terraform / setup-opentofu wrapper script, the real binary
 * next to it (`terraform-bin` / `tofu-bin`) is used, because the wrapper decorates stdout.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as io from '@actions/io';
import { ActionError } from '../errors.js';
import { exec, type ExecResult } from '../exec.js';

export type TerraformTool = 'terraform' | 'tofu';

export interface TerraformCliOptions {
  tool: TerraformTool;
  /** The module (root) directory every command runs in. */
  cwd: string;
  /** Where private temp files (var files, backend settings) are written; usually RUNNER_TEMP. */
  tempDir: string;
  /** The binary to run; default: `tool` found on PATH (a setup wrapper is bypassed). */
  binary?: string;
  /** Extra environment for every command (on top of process.env). */
  env?: NodeJS.ProcessEnv;
  /** Values masked in captured and streamed output. */
  secrets?: string[];
  /** Stream output live to the log (default true); turn off when several modules run at once. */
  stream?: boolean;
  timeoutMs?: number;
}

export interface CliResult {
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface PlanOptions {
  /** The plan file to write (`-out`). */
  out: string;
  /** `-var-file` paths, relative to the module directory or absolute. */
  varFiles?: string[];
  /** Variables, written to a temp `.tfvars.json`; values may be any JSON. */
  vars?: Record<string, unknown>;
  /** `-lock-timeout`, in milliseconds (0: fail at once when the state is locked). */
  lockTimeoutMs?: number;
  /** Extra arguments, one per element (e.g. ['-target=aws_s3_bucket.logs', '-refresh=false']). */
  args?: string[];
}

export interface PlanResult extends CliResult {
  /** From `-detailed-exitcode`: exit 2 means the plan has changes, 0 none. */
  hasChanges: boolean;
}

/** A Terraform command that failed; `errorOutput` is what to show the user. */
export class TerraformCommandError extends ActionError {
  constructor(
    readonly command: string,
    readonly result: CliResult,
    readonly errorOutput: string,
  ) {
    super(`${command} failed (exit code ${result.exitCode})`);
    this.name = 'TerraformCommandError';
  }
}

/** What a failed command said: its stderr (Terraform writes diagnostics there), else the end of stdout. */
export function errorOutputOf(result: Pick<CliResult, 'stdout' | 'stderr'>): string {
  const stderr = result.stderr.trim();
  if (stderr) return stderr;
  const lines = result.stdout.trimEnd().split('\n');
  return lines.slice(-40).join('\n');
}

export function formatLockTimeout(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))}s`;
}

/** What Terraform accepts as a variable name. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Finds the real binary of `tool` on PATH, skipping the setup actions' Node wrapper. */
export async function findTerraformBinary(tool: TerraformTool): Promise<string> {
  const found = await io.which(tool, false);
  if (!found) {
    const setup = tool === 'tofu' ? 'opentofu/setup-opentofu' : 'hashicorp/setup-terraform';
    throw new ActionError(`${tool} was not found on PATH`, {
      hint: `Add a step with ${setup} before this one (or set the tool input to the CLI you installed).`,
    });
  }
  const wrapped = path.join(path.dirname(found), `${tool}-bin`);
  return existsSync(wrapped) ? wrapped : found;
}

export class TerraformCli {
  readonly tool: TerraformTool;
  readonly binary: string;
  readonly cwd: string;
  private readonly options: TerraformCliOptions;

  private constructor(options: TerraformCliOptions, binary: string) {
    this.options = options;
    this.tool = options.tool;
    this.binary = binary;
    this.cwd = options.cwd;
  }

  static async create(options: TerraformCliOptions): Promise<TerraformCli> {
    return new TerraformCli(options, options.binary ?? (await findTerraformBinary(options.tool)));
  }

  /** Runs `<tool> ...args` in the module directory and returns whatever happened (no throw on exit codes). */
  async run(args: string[], extra: { stdoutFile?: string; stream?: boolean } = {}): Promise<CliResult> {
    const stream = extra.stdoutFile ? false : (extra.stream ?? this.options.stream ?? true);
    const result: ExecResult = await exec(this.binary, args, {
      cwd: this.cwd,
      env: { ...process.env, ...this.options.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' },
      secrets: this.options.secrets,
      stream,
      // Error output quotes configuration and provider text: keep it inside the stop-commands block.
      stderrToStdout: true,
      timeoutMs: this.options.timeoutMs,
      stdoutFile: extra.stdoutFile,
      maxCapture: 8 * 1024 * 1024,
    });
    return { args, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
  }

  private check(command: string, result: CliResult, okCodes: number[] = [0]): CliResult {
    if (!okCodes.includes(result.exitCode)) throw new TerraformCommandError(`${this.tool} ${command}`, result, errorOutputOf(result));
    return result;
  }

  /** `version -json` → the CLI's version (e.g. "1.9.8") and platform. */
  async version(): Promise<{ version: string; platform?: string }> {
    const result = this.check('version', await this.run(['version', '-json'], { stream: false }));
    try {
      const parsed = JSON.parse(result.stdout) as { terraform_version?: string; platform?: string };
      if (parsed.terraform_version) return { version: parsed.terraform_version, platform: parsed.platform };
    } catch {
      // versions before 0.13 have no -json: read the first line instead
    }
    const match = /v(\d+\.\d+\.\d+\S*)/.exec(result.stdout);
    return { version: match?.[1] ?? 'unknown' };
  }

  /**
   * `init -input=false`. Each backendConfig entry is `key=value` (collected into a temp backend
   * file, so values stay off the command line) or the path of a backend config file.
   */
  async init(options: { backendConfig?: string[]; args?: string[] } = {}): Promise<CliResult> {
    return this.withTempDir(async (dir) => {
      const args = ['init', '-input=false', '-no-color'];
      const pairs = (options.backendConfig ?? []).filter(isBackendPair);
      for (const file of (options.backendConfig ?? []).filter((entry) => !isBackendPair(entry))) args.push(`-backend-config=${file}`);
      if (pairs.length) {
        const file = path.join(dir, 'backend.tfbackend');
        await writeFile(file, backendFileText(pairs), { mode: 0o600, flag: 'wx' });
        args.push(`-backend-config=${file}`);
      }
      args.push(...(options.args ?? []));
      return this.check('init', await this.run(args));
    });
  }

  /** Selects the workspace, creating it when it does not exist yet (works on every version, unlike -or-create). */
  async selectWorkspace(name: string): Promise<void> {
    const selected = await this.run(['workspace', 'select', name], { stream: false });
    if (selected.exitCode === 0) return;
    const created = await this.run(['workspace', 'new', name], { stream: false });
    if (created.exitCode !== 0) {
      throw new TerraformCommandError(`${this.tool} workspace select ${name}`, created, `${errorOutputOf(selected)}\n${errorOutputOf(created)}`.trim());
    }
  }

  /** `plan -input=false -no-color -detailed-exitcode -out=<file> -lock-timeout=<s>`. */
  async plan(options: PlanOptions): Promise<PlanResult> {
    return this.withTempDir(async (dir) => {
      const args = [
        'plan',
        '-input=false',
        '-no-color',
        '-detailed-exitcode',
        `-out=${options.out}`,
        `-lock-timeout=${formatLockTimeout(options.lockTimeoutMs ?? 0)}`,
      ];
      for (const file of options.varFiles ?? []) args.push(`-var-file=${file}`);
      if (options.vars && Object.keys(options.vars).length) args.push(`-var-file=${await writeVarsFile(dir, options.vars)}`);
      args.push(...(options.args ?? []));
      await mkdir(path.dirname(path.resolve(this.cwd, options.out)), { recursive: true });
      const result = this.check('plan', await this.run(args), [0, 2]);
      return { ...result, hasChanges: result.exitCode === 2 };
    });
  }

  /** `show -json <plan>` written to `dest` (via a temp name, renamed when complete). */
  async showJson(planFile: string, dest: string): Promise<void> {
    await this.showTo(['show', '-json', planFile], dest);
  }

  /** `show -no-color <plan>` (the human-readable plan) written to `dest`. */
  async showText(planFile: string, dest: string): Promise<void> {
    await this.showTo(['show', '-no-color', planFile], dest);
  }

  private async showTo(args: string[], dest: string): Promise<void> {
    const partial = `${dest}.${randomUUID()}.partial`;
    await mkdir(path.dirname(dest), { recursive: true });
    try {
      this.check(args.slice(0, 2).join(' '), await this.run(args, { stdoutFile: partial }));
      await rename(partial, dest);
    } finally {
      await rm(partial, { force: true });
    }
  }

  /** `apply -input=false -no-color -auto-approve -lock-timeout=<s> <plan>`: applies exactly the saved plan. */
  async apply(planFile: string, options: { lockTimeoutMs?: number; args?: string[] } = {}): Promise<CliResult> {
    const args = [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
      `-lock-timeout=${formatLockTimeout(options.lockTimeoutMs ?? 0)}`,
      ...(options.args ?? []),
      planFile,
    ];
    return this.check('apply', await this.run(args));
  }

  /** `state pull`: the raw state JSON (kept in memory: use for snapshots and rollbacks, not for huge states). */
  async statePull(): Promise<string> {
    return this.check('state pull', await this.run(['state', 'pull'], { stream: false })).stdout;
  }

  /** `output -json`: every root output as { name: { value, type, sensitive } }. */
  async outputJson(): Promise<Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>> {
    const result = this.check('output', await this.run(['output', '-json', '-no-color'], { stream: false }));
    return JSON.parse(result.stdout || '{}') as Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;
  }

  private async withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = path.join(this.options.tempDir, `tf-${randomUUID()}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      return await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** `key=value` (an inline backend setting) as opposed to a file path. */
export function isBackendPair(entry: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*\s*=/.test(entry);
}

/** HCL string literal: JSON escapes plus `${` and `%{` kept literal. */
function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}

export function backendFileText(pairs: string[]): string {
  return pairs
    .map((pair) => {
      const eq = pair.indexOf('=');
      return `${pair.slice(0, eq).trim()} = ${hclString(pair.slice(eq + 1).trim())}\n`;
    })
    .join('');
}

/** Writes variables to a private `.tfvars.json` in `dir` and returns its path. */
export async function writeVarsFile(dir: string, vars: Record<string, unknown>): Promise<string> {
  for (const name of Object.keys(vars)) {
    if (!VARIABLE_NAME.test(name))
      throw new ActionError(`Invalid Terraform variable name ${JSON.stringify(name)}: expected letters, digits, _ and -, not starting with a digit`);
  }
  const file = path.join(dir, `vars-${randomUUID()}.tfvars.json`);
  await writeFile(file, `${JSON.stringify(vars, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
