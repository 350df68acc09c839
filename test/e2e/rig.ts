/**
 * What the starter-workflow tests (and `npm run demo`) run against: the fake GitHub API and Actions
 * results service, a throw-away repository assembled from `examples/` the way a user's repository
 * would hold it, and the Terraform CLI double preinstalled in the runner tool cache.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pullRequestEvent, pushEvent, type PullRequestEventOptions } from '../harness/events.js';
import { repoRoot } from '../harness/paths.js';
import { startFakeActionsResults, type FakeActionsResults } from '../fakes/actions-results/server.js';
import { startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api/server.js';
import type { RunWorkflowOptions } from './executor/types.js';

/** Time limit of one end-to-end test (several workflow runs, each several bundles): generous for a loaded 2-core CI machine. */
export const E2E_TIMEOUT_MS = 300_000;

export const OWNER = 'octo-org';
export const REPO = 'data-platform';

/**
 * Event payloads for the assembled repository, whose default branch is `main` (the harness's
 * payloads come from recorded webhooks that say `master`).
 */
export function onMain<T extends Record<string, any>>(payload: T): T {
  for (const repo of [payload.repository, payload.pull_request?.base?.repo, payload.pull_request?.head?.repo]) if (repo) repo.default_branch = 'main';
  return payload;
}
export const prEvent = (options: PullRequestEventOptions = {}) => onMain(pullRequestEvent(options));
export const mainPushEvent = (sha?: string) => onMain(pushEvent({ ref: 'refs/heads/main', sha }));
export const scheduleEvent = (cron: string) => ({ schedule: cron, repository: onMain(pushEvent()).repository, workflow: '' });

/** A starter workflow file by name (`terraform-pr` → workflows/terraform-pr.yml). */
export const starterWorkflow = (name: string) => path.join(repoRoot, 'workflows', `${name}.yml`);

export const examplesDir = path.join(repoRoot, 'examples');
const doubleDir = path.join(repoRoot, 'test', 'fixtures', 'terraform-double');
/** The version examples/infrastructure/.terraform-version pins and the double reports. */
export const TERRAFORM_VERSION = '1.9.8';

export interface Services {
  api: FakeGitHubApi;
  /** The results service of the latest run. */
  results: FakeActionsResults;
  /**
   * The executor's view of the services for the next workflow run. Caches outlive runs, so runs
   * share one results service by default; artifacts are per run, so `newRun: true` starts a fresh
   * service (a new run id) for workflows whose actions upload fixed artifact names.
   */
  forRun(options?: { newRun?: boolean; ref?: string }): Promise<NonNullable<RunWorkflowOptions['services']>>;
  close(): Promise<void>;
}

export async function startServices(options: { ref?: string } = {}): Promise<Services> {
  const api = await startFakeGitHubApi();
  const start = () => startFakeActionsResults({ ref: options.ref ?? 'refs/heads/main' });
  const all: FakeActionsResults[] = [await start()];
  const services: Services = {
    api,
    results: all[0],
    async forRun({ newRun = false, ref } = {}) {
      if (newRun && services.results.artifacts.length > 0) {
        services.results = await start();
        all.push(services.results);
      }
      // The runtime token is scoped to the run's ref: caches are saved there and read back from it and the default branch.
      const env = ref ? services.results.envFor({ ref }) : services.results.env;
      return { githubApi: { url: api.url, state: api.state }, actionsResults: { url: services.results.url, env } };
    },
    close: async () => {
      await Promise.all([api.close(), ...all.map((r) => r.close())]);
    },
  };
  return services;
}

export interface RepositoryOptions {
  /** Terraform double scenario per root module under infra/ (e.g. `{ lake: 'creates-only' }`); others get `no-changes`. */
  scenarios?: Record<string, string>;
  /** Extra or changed files, relative to the repository root. */
  files?: Record<string, string>;
  /** Include the data quality example (examples/data-quality) at the repository root. */
  dataQuality?: boolean;
}

/**
 * Executor options for running in an assembled repository on this machine's embedded defaults:
 * the Terraform CLI double preinstalled in the tool cache (as a runner image ships tools), and
 * run-data-tests' DuckDB taken from this repository's devDependency instead of installed with npm.
 */
export function localRunnerOptions(repository: string): Pick<RunWorkflowOptions, 'repository' | 'preinstalledTools' | 'env'> {
  return {
    repository,
    preinstalledTools: [{ name: 'terraform', version: TERRAFORM_VERSION, executable: path.join(doubleDir, 'bin', 'terraform') }],
    env: {
      TERRAFORM_DOUBLE_LOG: path.join(repository, '..', 'terraform-double.log'),
      DATAOPS_DUCKDB_NODE_MODULES: path.join(repoRoot, 'node_modules'),
    },
  };
}

/** The Terraform commands the double ran for a repository, in order (argv and module directory). */
export function terraformCalls(repository: string): Array<{ argv: string[]; cwd: string }> {
  const log = path.join(repository, '..', 'terraform-double.log');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { argv: string[]; cwd: string });
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/**
 * A user's repository as a plain folder: `infra/` from examples/infrastructure, the data quality
 * example at the root, and a `.terraform-double-scenario` marker in each root module telling the
 * CLI double which recorded plan to replay there.
 */
export function assembleRepository(options: RepositoryOptions = {}): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'dataops-e2e-repo-'));
  const dir = path.join(parent, REPO);
  cpSync(path.join(examplesDir, 'infrastructure'), path.join(dir, 'infra'), { recursive: true });
  if (options.dataQuality && existsSync(path.join(examplesDir, 'data-quality'))) cpSync(path.join(examplesDir, 'data-quality'), dir, { recursive: true });
  for (const module of ['lake', 'ingest'])
    writeFileSync(path.join(dir, 'infra', module, '.terraform-double-scenario'), `${options.scenarios?.[module] ?? 'no-changes'}\n`);
  writeFiles(dir, options.files ?? {});
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Octo Cat',
      GIT_AUTHOR_EMAIL: 'octocat@example.com',
      GIT_COMMITTER_NAME: 'Octo Cat',
      GIT_COMMITTER_EMAIL: 'octocat@example.com',
    },
  }).trim();

/** Turns an assembled repository into a git repository with one commit per entry (applied in order); returns the SHAs. */
export function commitHistory(dir: string, commits: Array<{ message: string; files?: Record<string, string> }>): string[] {
  if (!existsSync(path.join(dir, '.git'))) git(dir, 'init', '-q', '-b', 'main');
  return commits.map((c) => {
    writeFiles(dir, c.files ?? {});
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--allow-empty', '-m', c.message);
    return git(dir, 'rev-parse', 'HEAD');
  });
}

/** Makes the fake GitHub know the repository's commits (oldest first) with `main` at HEAD, as after a push. */
export function pushToFakeGitHub(api: FakeGitHubApi, dir: string): void {
  const lines = git(dir, 'log', '--reverse', '--format=%H %P%x00%s').split('\n').filter(Boolean);
  for (const line of lines) {
    const [ids, message] = line.split('\0');
    const [sha, ...parents] = ids.trim().split(' ');
    api.state.seedCommit(OWNER, REPO, sha, { parents, message });
  }
  api.state.seedBranch(OWNER, REPO, 'main', git(dir, 'rev-parse', 'HEAD'));
}
