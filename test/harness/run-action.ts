/**
 * Runs a shipped bundle (dist/<name>/index.js) the way the GitHub runner does: Node 24, INPUT_*
 * variables with action.yml defaults, the file-command files created up front, runner and
 * event variables, and STATE_* handed from main to post. Returns everything the step produced.
 */
import { spawn } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { actionDir, node24 } from './paths.js';
import { DEFAULT_REPO, pullRequestEvent, pushEvent } from './events.js';
import { leaksIn, runSecrets } from './leaks.js';
import { parseFileCommands, parseWorkflowCommands, type Annotation } from './workflow-commands.js';

export interface RunnerDirs {
  root: string;
  workspace: string;
  temp: string;
  toolCache: string;
  home: string;
}

/** Fresh runner folders for one test (a workspace, RUNNER_TEMP, RUNNER_TOOL_CACHE, HOME). */
export function createRunnerDirs(): RunnerDirs {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dataops-runner-'));
  const dirs = {
    root,
    workspace: path.join(root, 'workspace'),
    temp: path.join(root, 'temp'),
    toolCache: path.join(root, 'tool-cache'),
    home: path.join(root, 'home'),
  };
  for (const dir of [dirs.workspace, dirs.temp, dirs.toolCache, dirs.home]) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Hands a folder tree to another user, as the runner's folders belong to the runner's user. */
function chownTree(root: string, user: { uid: number; gid: number }): void {
  chownSync(root, user.uid, user.gid);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: false }) as string[]) {
    const full = path.join(root, entry);
    if (!lstatSync(full).isSymbolicLink()) chownSync(full, user.uid, user.gid);
  }
}

export interface ActionRunOptions {
  inputs?: Record<string, string>;
  /** Extra environment (fake service URLs, secrets the step gets through `env:`). */
  env?: Record<string, string | undefined>;
  dirs?: RunnerDirs;
  eventName?: string;
  /** The webhook payload; defaults to a pull_request payload for pull_request events. */
  event?: Record<string, unknown>;
  /** GITHUB_TOKEN for `${{ github.token }}` defaults. */
  token?: string;
  githubApiUrl?: string;
  /** Run the post step instead of main, with this state (from a previous main run). */
  post?: { state: Record<string, string> };
  runnerOs?: 'Linux' | 'macOS' | 'Windows';
  runnerArch?: 'X64' | 'ARM64';
  timeoutMs?: number;
  cwd?: string;
  /** Run the step as this user (the test must run as root); the runner folders are handed to it. */
  user?: { uid: number; gid: number };
}

export interface ActionRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  addedPath: string[];
  state: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  errors: string[];
  warnings: string[];
  masks: string[];
  /** The log as GitHub would display it (masks applied). */
  log: string;
  inertCommands: string[];
  dirs: RunnerDirs;
  durationMs: number;
}

interface ActionYaml {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string; post?: string };
}

export function readActionYaml(name: string): ActionYaml {
  return YAML.parse(readFileSync(path.join(actionDir(name), 'action.yml'), 'utf8')) as ActionYaml;
}

/** The runner's name for an input variable: spaces become underscores, hyphens stay. */
export const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/** The `${{ }}` defaults our action.yml files use, evaluated as the runner would. */
function evaluateDefault(value: string, ctx: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in ctx)) throw new Error(`harness: unsupported expression in action.yml default: ${expr}`);
    return ctx[expr];
  });
}

/** Environment passed through from the machine: only what a runner's process would also have. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'LANG', 'TZ', 'SSL_CERT_FILE', 'NODE_EXTRA_CA_CERTS', 'npm_config_cache', 'npm_config_userconfig'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

export async function runAction(name: string, options: ActionRunOptions = {}): Promise<ActionRunResult> {
  const action = readActionYaml(name);
  if (action.runs.using !== 'node24') throw new Error(`harness: ${name} runs.using is ${action.runs.using}, expected node24`);
  const script = path.resolve(actionDir(name), options.post ? (action.runs.post ?? '') : action.runs.main);
  if (!existsSync(script)) throw new Error(`harness: ${script} does not exist; run npm run build`);

  const dirs = options.dirs ?? createRunnerDirs();
  const stepDir = mkdtempSync(path.join(dirs.temp, '_runner_file_commands-'));
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((k) => [k, path.join(stepDir, k.toLowerCase())]),
  );
  for (const file of Object.values(files)) writeFileSync(file, '');

  const eventName = options.eventName ?? 'pull_request';
  const event = options.event ?? (eventName === 'pull_request' ? pullRequestEvent() : eventName === 'push' ? pushEvent() : {});
  const eventPath = path.join(stepDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const token = options.token ?? 'ghs_harnessTokenForTests000000000000';
  const pr = (event as { pull_request?: { head: { sha: string } } }).pull_request;
  const sha = pr?.head.sha ?? (event as { after?: string }).after ?? 'c'.repeat(40);

  const env: Record<string, string> = {
    ...baseEnv(),
    HOME: dirs.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: name.replace(/-/g, '_'),
    GITHUB_ACTION_PATH: actionDir(name),
    GITHUB_ACTION_REPOSITORY: 'dataops-actions/dataops-actions',
    GITHUB_ACTION_REF: 'v1',
    GITHUB_REPOSITORY: `${DEFAULT_REPO.owner}/${DEFAULT_REPO.repo}`,
    GITHUB_REPOSITORY_OWNER: DEFAULT_REPO.owner,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: sha,
    GITHUB_REF: pr ? `refs/pull/${(event as { number?: number }).number ?? 7}/merge` : 'refs/heads/main',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'test',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_OS: options.runnerOs ?? 'Linux',
    RUNNER_ARCH: options.runnerArch ?? 'X64',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_NAME: 'harness',
    // Tests must not wait for real backoff delays.
    DATAOPS_RETRY_BASE_MS: '10',
    ...files,
  };
  const exprContext = { 'github.token': token, 'github.workspace': dirs.workspace, 'runner.temp': dirs.temp, 'github.sha': sha };
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    const given = options.inputs?.[input];
    if (given !== undefined) env[inputVariable(input)] = given;
    else if (spec.default !== undefined) env[inputVariable(input)] = evaluateDefault(String(spec.default), exprContext);
  }
  for (const input of Object.keys(options.inputs ?? {})) {
    if (!(input in (action.inputs ?? {}))) throw new Error(`harness: ${name} has no input '${input}' in action.yml`);
  }
  for (const [k, v] of Object.entries(options.post?.state ?? {})) env[`STATE_${k}`] = v;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  if (options.user) chownTree(dirs.root, options.user);
  const started = performance.now();
  const child = spawn(node24, [script], { cwd: options.cwd ?? dirs.workspace, env, stdio: ['ignore', 'pipe', 'pipe'], ...options.user });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
  clearTimeout(timeout);

  const stdout = Buffer.concat(out).toString('utf8');
  const log = parseWorkflowCommands(stdout);
  const read = (k: string) => readFileSync(files[k], 'utf8');
  const result: ActionRunResult = {
    exitCode,
    signal,
    stdout,
    stderr: Buffer.concat(err).toString('utf8'),
    outputs: parseFileCommands(read('GITHUB_OUTPUT')),
    exportedEnv: parseFileCommands(read('GITHUB_ENV')),
    addedPath: read('GITHUB_PATH').split('\n').filter(Boolean),
    state: parseFileCommands(read('GITHUB_STATE')),
    summary: read('GITHUB_STEP_SUMMARY'),
    annotations: log.annotations,
    errors: log.annotations.filter((a) => a.level === 'error').map((a) => a.message),
    warnings: log.annotations.filter((a) => a.level === 'warning').map((a) => a.message),
    masks: log.masks,
    log: log.rendered,
    inertCommands: log.inertCommands,
    dirs,
    durationMs: performance.now() - started,
  };
  const inputs = Object.fromEntries(Object.keys(action.inputs ?? {}).map((input) => [input, env[inputVariable(input)] ?? '']));
  const leaks = leaksIn(result, runSecrets(token, inputs));
  if (leaks.length) throw new Error(`harness: ${name} showed a secret it was given: ${leaks.join('; ')}`);
  return result;
}

/** Runs main, then post with main's saved state, like a job does. */
export async function runActionWithPost(name: string, options: ActionRunOptions = {}): Promise<{ main: ActionRunResult; post: ActionRunResult }> {
  const main = await runAction(name, options);
  const post = await runAction(name, { ...options, dirs: main.dirs, post: { state: main.state } });
  return { main, post };
}
