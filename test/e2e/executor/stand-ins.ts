/**
 * THE list of third-party actions the executor can run, each replaced by a small local stand-in
 * that does the part our workflows rely on. A `uses:` of any other third-party action fails the
 * step with a message naming this file. Keys are `owner/repo[/path]`, lower-case; any ref is
 * accepted here (pinning is checked statically on the workflow files).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { node24 } from '../../harness/paths.js';
import type { RunnerDirs } from '../../harness/run-action.js';
import { runArtifactChild, type ArtifactStore } from './artifacts.js';
import type { ExecutorServices } from './types.js';

export interface StandInContext {
  uses: string;
  /** Evaluated `with:` (no defaults applied: each stand-in knows its own). */
  inputs: Record<string, string>;
  /** The environment the step's process would get (runner variables, env context, services). */
  env: Record<string, string>;
  dirs: RunnerDirs;
  services: ExecutorServices;
  /** Folder holding the repository at the run's SHA (RunWorkflowOptions.repository). */
  repository?: string;
  /** `owner/repo` the run is for. */
  repositoryName: string;
  sha: string;
  ref: string;
  artifacts: ArtifactStore;
  log(line: string): void;
  warn(message: string): void;
}

export interface StandInResult {
  outputs?: Record<string, string>;
  exportedEnv?: Record<string, string>;
  addedPath?: string[];
  summary?: string;
}

export interface StandIn {
  /** What the stand-in does instead of the real action. */
  description: string;
  /** The real action's inputs it accepts (others are refused, as a typo would be). */
  inputs: readonly string[];
  /** Throws to fail the step. */
  run(ctx: StandInContext): Promise<StandInResult>;
}

const bool = (value: string | undefined, fallback: boolean) => (value === undefined || value === '' ? fallback : value.trim().toLowerCase() === 'true');

/** actions/checkout: the repository folder given to the executor, copied into the workspace. */
const checkout: StandIn = {
  description:
    'clones RunWorkflowOptions.repository (a git repository, honouring fetch-depth and ref) or copies it (a plain folder) into the workspace or `path:`',
  inputs: [
    'repository',
    'ref',
    'token',
    'ssh-key',
    'ssh-known-hosts',
    'ssh-strict',
    'ssh-user',
    'persist-credentials',
    'path',
    'clean',
    'filter',
    'sparse-checkout',
    'sparse-checkout-cone-mode',
    'fetch-depth',
    'fetch-tags',
    'show-progress',
    'lfs',
    'submodules',
    'set-safe-directory',
    'github-server-url',
  ],
  async run(ctx) {
    const wanted = ctx.inputs.repository || ctx.repositoryName;
    if (wanted.toLowerCase() !== ctx.repositoryName.toLowerCase())
      throw new Error(`checkout of another repository (${wanted}) has no stand-in; only the run's own repository is available`);
    if (!ctx.repository) throw new Error('actions/checkout: no repository folder was given to the executor (RunWorkflowOptions.repository)');
    if (!existsSync(ctx.repository)) throw new Error(`actions/checkout: the repository folder ${ctx.repository} does not exist`);
    const target = path.resolve(ctx.dirs.workspace, ctx.inputs.path ?? '');
    if (!target.startsWith(ctx.dirs.workspace)) throw new Error(`actions/checkout: path ${JSON.stringify(ctx.inputs.path)} is outside the workspace`);
    mkdirSync(target, { recursive: true });
    if (existsSync(path.join(ctx.repository, '.git'))) {
      // A git repository: clone it for real, as shallow as asked (fetch-depth 1 by default, 0 = all history).
      const depth = Number(ctx.inputs['fetch-depth'] || '1');
      const wanted = ctx.inputs.ref || ctx.sha;
      git(['clone', '--quiet', '--no-local', ...(depth > 0 ? ['--depth', String(depth)] : []), `file://${ctx.repository}`, target], ctx.dirs.workspace);
      if (git(['rev-parse', 'HEAD'], target) !== wanted) git(['checkout', '--quiet', '--detach', wanted], target);
      const commit = git(['rev-parse', 'HEAD'], target);
      ctx.log(`Cloned ${ctx.repositoryName} at ${commit} into ${target} (fetch-depth ${depth})`);
      return { outputs: { ref: ctx.inputs.ref || ctx.ref, commit } };
    }
    for (const entry of readdirSync(ctx.repository)) cpSync(path.join(ctx.repository, entry), path.join(target, entry), { recursive: true });
    ctx.log(`Copied ${ctx.repository} to ${target} (${ctx.repositoryName} at ${ctx.sha})`);
    return { outputs: { ref: ctx.inputs.ref || ctx.ref, commit: ctx.sha } };
  },
};

/** actions/upload-artifact: files matched like the real action, recorded and (with the fake service) uploaded. */
const uploadArtifact: StandIn = {
  description: 'globs `path:` with @actions/glob, records the files and uploads them to the fake Actions results service when given',
  inputs: ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files'],
  async run(ctx) {
    const name = ctx.inputs.name || 'artifact';
    const patterns = (ctx.inputs.path ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (!patterns.length) throw new Error('Input required and not supplied: path');
    const ifNone = (ctx.inputs['if-no-files-found'] || 'warn').toLowerCase();
    if (!['warn', 'error', 'ignore'].includes(ifNone))
      throw new Error(`if-no-files-found: unrecognized value ${JSON.stringify(ifNone)} (warn, error or ignore)`);
    const useService = Boolean(ctx.services.actionsResults);
    const { answer, log } = await runArtifactChild<{ files: string[]; root: string; uploaded: boolean; id?: number; digest?: string }>(
      {
        op: 'upload',
        name,
        patterns,
        includeHidden: bool(ctx.inputs['include-hidden-files'], false),
        overwrite: bool(ctx.inputs.overwrite, false),
        retentionDays: ctx.inputs['retention-days'] ? Number(ctx.inputs['retention-days']) : undefined,
      },
      ctx.dirs.workspace,
      useService ? ctx.env : withoutService(ctx.env),
    );
    if (log) ctx.log(log);
    if (!answer.files.length) {
      const message = `No files were found with the provided path: ${patterns.join(', ')}. No artifacts will be uploaded.`;
      if (ifNone === 'error') throw new Error(message);
      if (ifNone === 'warn') ctx.warn(message);
      else ctx.log(message);
      return {};
    }
    const record = ctx.artifacts.record(name, answer.files, answer.root, bool(ctx.inputs.overwrite, false), answer);
    ctx.log(`Artifact ${name} has ${record.files.length} file(s): ${record.files.join(', ')}${answer.uploaded ? ` (uploaded, id ${answer.id})` : ''}`);
    const serverUrl = ctx.env.GITHUB_SERVER_URL ?? 'https://github.com';
    return {
      outputs: {
        'artifact-id': String(answer.id ?? ctx.artifacts.records.length),
        'artifact-url': `${serverUrl}/${ctx.repositoryName}/actions/runs/${ctx.env.GITHUB_RUN_ID}/artifacts/${answer.id ?? ctx.artifacts.records.length}`,
        'artifact-digest': answer.digest ?? '',
      },
    };
  },
};

/** actions/download-artifact: from this run's recorded artifacts, else from the fake service. */
const downloadArtifact: StandIn = {
  description: "copies this run's recorded artifacts, or downloads them from the fake Actions results service",
  inputs: ['name', 'artifact-ids', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id'],
  async run(ctx) {
    if (ctx.inputs['run-id'] || ctx.inputs.repository) throw new Error('download-artifact from another run or repository has no stand-in');
    const destination = path.resolve(ctx.dirs.workspace, ctx.inputs.path || '');
    const name = ctx.inputs.name ?? '';
    const merge = bool(ctx.inputs['merge-multiple'], false);
    const local = name ? ctx.artifacts.find(name) : undefined;
    if (local) {
      ctx.artifacts.copyOut(local, destination);
      ctx.log(`Downloaded artifact ${name} (${local.files.length} file(s)) to ${destination}`);
    } else if (!name && ctx.artifacts.records.length) {
      for (const record of ctx.artifacts.records) ctx.artifacts.copyOut(record, merge ? destination : path.join(destination, record.name));
      ctx.log(`Downloaded ${ctx.artifacts.records.length} artifact(s) to ${destination}`);
    } else if (ctx.services.actionsResults) {
      const { answer, log } = await runArtifactChild<{ downloaded: Array<{ name: string }> }>(
        { op: 'download', name, path: destination, mergeMultiple: merge },
        ctx.dirs.workspace,
        ctx.env,
      );
      if (log) ctx.log(log);
      ctx.log(`Downloaded ${answer.downloaded.map((d) => d.name).join(', ') || 'nothing'} to ${destination}`);
    } else {
      throw new Error(`Unable to download artifact(s): ${name ? `artifact ${JSON.stringify(name)} not found` : 'no artifacts in this run'}`);
    }
    return { outputs: { 'download-path': destination } };
  },
};

/** actions/setup-node: the Node the repository ships for node24 actions, or the machine's own. */
const setupNode: StandIn = {
  description: "puts the repository's Node 24 (node_modules/node) on PATH for node-version 24; the machine's node for its own major",
  inputs: [
    'node-version',
    'node-version-file',
    'architecture',
    'check-latest',
    'registry-url',
    'scope',
    'token',
    'cache',
    'cache-dependency-path',
    'always-auth',
    'mirror',
    'mirror-token',
    'package-manager-cache',
  ],
  async run(ctx) {
    const wanted = (ctx.inputs['node-version'] ?? '').replace(/^v/, '').trim();
    const major = wanted.split('.')[0];
    const machine = process.versions.node.split('.')[0];
    if (major === '24' || wanted === 'lts/*' || wanted === 'latest') {
      ctx.log(`Using Node 24 from ${path.dirname(node24)}`);
      return { addedPath: [path.dirname(node24)], outputs: { 'node-version': 'v24', 'cache-hit': 'false' } };
    }
    if (major === machine) return { outputs: { 'node-version': `v${process.versions.node}`, 'cache-hit': 'false' } };
    throw new Error(`actions/setup-node stand-in: node-version ${JSON.stringify(wanted)} is not available (24 or ${machine})`);
  },
};

export const STAND_INS: Readonly<Record<string, StandIn>> = {
  'actions/checkout': checkout,
  'actions/upload-artifact': uploadArtifact,
  'actions/download-artifact': downloadArtifact,
  'actions/setup-node': setupNode,
};

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`actions/checkout: git ${args[0]} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

function withoutService(env: Record<string, string>): Record<string, string> {
  const copy = { ...env };
  delete copy.ACTIONS_RESULTS_URL;
  delete copy.ACTIONS_RUNTIME_TOKEN;
  return copy;
}
