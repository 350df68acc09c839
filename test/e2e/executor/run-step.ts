/**
 * A `run:` step as the runner executes it on Linux: the (already interpolated) script is written
 * to a file in RUNNER_TEMP and the shell is given that file, never the text on a command line.
 * Defaults follow GitHub: no `shell:` is `bash -e {0}`; `shell: bash` adds
 * `--noprofile --norc -o pipefail`; `sh` is `sh -e {0}`; a custom shell is a template with `{0}`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFileCommands, parseWorkflowCommands, type ParsedLog } from '../../harness/workflow-commands.js';

export interface ScriptResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  parsed: ParsedLog;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  addedPath: string[];
  summary: string;
}

const FILE_COMMANDS = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const;

/** The program and arguments for a `shell:` value; `{0}` is the script file. */
export function shellCommand(shell: string | undefined): { argv: string[]; extension: string } {
  switch (shell) {
    case undefined:
    case '':
      return { argv: ['bash', '-e', '{0}'], extension: '.sh' };
    case 'bash':
      return { argv: ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '{0}'], extension: '.sh' };
    case 'sh':
      return { argv: ['sh', '-e', '{0}'], extension: '.sh' };
    case 'python':
      return { argv: ['python3', '{0}'], extension: '.py' };
    case 'pwsh':
    case 'powershell':
    case 'cmd':
      throw new Error(`shell: ${shell} is not available on this Linux runner`);
    default:
      if (!shell.includes('{0}')) throw new Error(`shell: ${JSON.stringify(shell)} is neither a known shell nor a template containing {0}`);
      return { argv: shell.trim().split(/\s+/), extension: '' };
  }
}

/** Creates the step's file-command files (GITHUB_OUTPUT and friends) in a fresh folder under RUNNER_TEMP. */
export function createFileCommands(temp: string): Record<(typeof FILE_COMMANDS)[number], string> {
  const dir = mkdtempSync(path.join(temp, '_runner_file_commands-'));
  const files = Object.fromEntries(FILE_COMMANDS.map((k) => [k, path.join(dir, k.toLowerCase())])) as Record<(typeof FILE_COMMANDS)[number], string>;
  for (const file of Object.values(files)) writeFileSync(file, '');
  return files;
}

export async function runScript(options: {
  script: string;
  shell?: string;
  cwd: string;
  env: Record<string, string>;
  temp: string;
  timeoutMs: number;
}): Promise<ScriptResult> {
  const { argv, extension } = shellCommand(options.shell);
  const scriptFile = path.join(options.temp, `${randomUUID()}${extension}`);
  writeFileSync(scriptFile, options.script);
  const files = createFileCommands(options.temp);
  const [program, ...args] = argv.map((a) => a.replace('{0}', scriptFile));
  const child = spawn(program, args, { cwd: options.cwd, env: { ...options.env, ...files }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  }).finally(() => clearTimeout(timer));
  const stdout = Buffer.concat(out).toString('utf8');
  const read = (k: (typeof FILE_COMMANDS)[number]) => readFileSync(files[k], 'utf8');
  return {
    exitCode,
    timedOut,
    stdout,
    stderr: Buffer.concat(err).toString('utf8'),
    parsed: parseWorkflowCommands(stdout),
    outputs: parseFileCommands(read('GITHUB_OUTPUT')),
    exportedEnv: parseFileCommands(read('GITHUB_ENV')),
    addedPath: read('GITHUB_PATH').split('\n').filter(Boolean),
    summary: read('GITHUB_STEP_SUMMARY'),
  };
}
