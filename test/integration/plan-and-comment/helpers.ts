/**
 * Shared setup for plan-and-comment's bundle tests: a workspace of root modules wired to
 * terraform-double scenarios, the double first on PATH, and readers for what the double was
 * asked to do.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../harness/paths.js';
import { createRunnerDirs, runAction, type ActionRunOptions, type RunnerDirs } from '../../harness/run-action.js';

export const doubleRoot = path.join(repoRoot, 'test', 'fixtures', 'terraform-double');
export const doubleBin = path.join(doubleRoot, 'bin');

export interface ModuleSpec {
  /** Directory relative to the workspace. */
  dir: string;
  /** Scenario name under the double's scenarios/ (or an absolute path). */
  scenario: string;
  /** Extra files, relative to the module directory. */
  files?: Record<string, string>;
}

export interface Workspace {
  dirs: RunnerDirs;
  log: string;
  env: Record<string, string>;
}

/** A runner workspace holding the modules, each with a main.tf and its scenario marker. */
export function createWorkspace(modules: ModuleSpec[]): Workspace {
  const dirs = createRunnerDirs();
  for (const m of modules) writeModule(dirs.workspace, m);
  const log = path.join(dirs.root, 'terraform-double.log');
  return { dirs, log, env: { PATH: `${doubleBin}${path.delimiter}${process.env.PATH}`, TERRAFORM_DOUBLE_LOG: log } };
}

export function writeModule(workspace: string, m: ModuleSpec): void {
  const dir = path.join(workspace, m.dir);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, 'main.tf'))) writeFileSync(path.join(dir, 'main.tf'), `resource "null_resource" "this" {}\n`);
  writeFileSync(path.join(dir, '.terraform-double-scenario'), `${m.scenario}\n`);
  for (const [name, text] of Object.entries(m.files ?? {})) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

export interface Invocation {
  tool: string;
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  varFiles?: Record<string, string>;
  backendFiles?: Record<string, string>;
  workspace?: string;
}

/** What the double was asked to do, in order. */
export function invocations(ws: Workspace): Invocation[] {
  if (!existsSync(ws.log)) return [];
  return readFileSync(ws.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Invocation);
}

export function plan(ws: Workspace, inputs: Record<string, string>, options: ActionRunOptions = {}) {
  return runAction('plan-and-comment', {
    dirs: ws.dirs,
    ...options,
    inputs: { 'upload-artifacts': 'false', ...inputs },
    env: { ...ws.env, ...options.env },
  });
}

/** Makes the workspace a git repository with a base commit and a head commit changing `changed` files. */
export function gitHistory(ws: Workspace, changed: Record<string, string>): { base: string; head: string } {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: ws.dirs.workspace,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  for (const [file, text] of Object.entries(changed)) {
    mkdirSync(path.dirname(path.join(ws.dirs.workspace, file)), { recursive: true });
    writeFileSync(path.join(ws.dirs.workspace, file), text);
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  return { base, head: git('rev-parse', 'HEAD') };
}
