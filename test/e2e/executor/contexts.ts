/**
 * What a job sees of its run: the runner's GITHUB_* and RUNNER_* variables and the `github` and
 * `runner` expression contexts, derived from the event the same way for both so they agree.
 */
import { DEFAULT_REPO } from '../../harness/events.js';
import type { RunnerDirs } from '../../harness/run-action.js';

export interface RunIdentity {
  workflowName: string;
  /** Path of the workflow inside the repository, e.g. `.github/workflows/terraform-pr.yml`. */
  workflowPath: string;
  eventName: string;
  event: Record<string, any>;
  /** Overrides the SHA derived from the event. */
  sha?: string;
  defaultBranch: string;
  runId: string;
  runNumber: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  runnerOs: 'Linux' | 'macOS' | 'Windows';
  runnerArch: 'X64' | 'ARM64';
}

export interface RefInfo {
  sha: string;
  ref: string;
  refName: string;
  refType: 'branch' | 'tag';
  headRef: string;
  baseRef: string;
  repository: string;
  owner: string;
}

/** The commit and ref a run is for, as GitHub sets them for each event. */
export function refInfo(id: RunIdentity): RefInfo {
  const e = id.event;
  const repository: string = e.repository?.full_name ?? `${DEFAULT_REPO.owner}/${DEFAULT_REPO.repo}`;
  const owner = repository.split('/')[0];
  const pr = e.pull_request as { number: number; head: { sha: string; ref: string }; base: { ref: string } } | undefined;
  if (pr && id.eventName.startsWith('pull_request')) {
    // GitHub checks out the PR's merge commit; like the harness, the head SHA stands in for it.
    const target = id.eventName === 'pull_request_target';
    return {
      sha: id.sha ?? (target ? (e.pull_request.base.sha as string) : pr.head.sha),
      ref: target ? `refs/heads/${pr.base.ref}` : `refs/pull/${pr.number}/merge`,
      refName: target ? pr.base.ref : `${pr.number}/merge`,
      refType: 'branch',
      headRef: pr.head.ref,
      baseRef: pr.base.ref,
      repository,
      owner,
    };
  }
  const ref: string = typeof e.ref === 'string' && e.ref.startsWith('refs/') ? e.ref : `refs/heads/${id.defaultBranch}`;
  return {
    sha: id.sha ?? (typeof e.after === 'string' ? e.after : 'c'.repeat(40)),
    ref,
    refName: ref.replace(/^refs\/(heads|tags)\//, ''),
    refType: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    headRef: '',
    baseRef: '',
    repository,
    owner,
  };
}

/** GITHUB_* / RUNNER_* variables of one job (GITHUB_ACTION, GITHUB_EVENT_PATH and file commands are per step). */
export function runnerVariables(id: RunIdentity, jobId: string, dirs: RunnerDirs): Record<string, string> {
  const r = refInfo(id);
  return {
    HOME: dirs.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKFLOW: id.workflowName,
    GITHUB_WORKFLOW_REF: `${r.repository}/${id.workflowPath}@${r.ref}`,
    GITHUB_WORKFLOW_SHA: r.sha,
    GITHUB_JOB: jobId,
    GITHUB_RUN_ID: id.runId,
    GITHUB_RUN_NUMBER: id.runNumber,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: r.repository,
    GITHUB_REPOSITORY_OWNER: r.owner,
    GITHUB_EVENT_NAME: id.eventName,
    GITHUB_SHA: r.sha,
    GITHUB_REF: r.ref,
    GITHUB_REF_NAME: r.refName,
    GITHUB_REF_TYPE: r.refType,
    GITHUB_HEAD_REF: r.headRef,
    GITHUB_BASE_REF: r.baseRef,
    GITHUB_ACTOR: id.actor,
    GITHUB_TRIGGERING_ACTOR: id.actor,
    GITHUB_SERVER_URL: id.serverUrl,
    GITHUB_API_URL: id.apiUrl,
    GITHUB_GRAPHQL_URL: `${id.apiUrl}/graphql`,
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_RETENTION_DAYS: '90',
    RUNNER_OS: id.runnerOs,
    RUNNER_ARCH: id.runnerArch,
    RUNNER_NAME: 'e2e-executor',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    // Action bundles must not wait for real backoff delays in tests and the demo.
    DATAOPS_RETRY_BASE_MS: '10',
  };
}

/** The `github` context of a job (the per-step `action*` fields are filled in by the step). */
export function githubContext(id: RunIdentity, jobId: string, dirs: RunnerDirs, token: string): Record<string, unknown> {
  const r = refInfo(id);
  return {
    event: id.event,
    event_name: id.eventName,
    event_path: '',
    sha: r.sha,
    ref: r.ref,
    ref_name: r.refName,
    ref_type: r.refType,
    ref_protected: false,
    head_ref: r.headRef,
    base_ref: r.baseRef,
    repository: r.repository,
    repository_owner: r.owner,
    repositoryUrl: `git://${new URL(id.serverUrl).host}/${r.repository}.git`,
    actor: id.actor,
    triggering_actor: id.actor,
    workflow: id.workflowName,
    workflow_ref: `${r.repository}/${id.workflowPath}@${r.ref}`,
    workflow_sha: r.sha,
    job: jobId,
    run_id: id.runId,
    run_number: id.runNumber,
    run_attempt: '1',
    retention_days: '90',
    server_url: id.serverUrl,
    api_url: id.apiUrl,
    graphql_url: `${id.apiUrl}/graphql`,
    workspace: dirs.workspace,
    token,
    action: '',
    action_path: '',
    action_ref: '',
    action_repository: '',
    secret_source: 'Actions',
  };
}

export function runnerContext(id: RunIdentity, dirs: RunnerDirs): Record<string, unknown> {
  return { os: id.runnerOs, arch: id.runnerArch, name: 'e2e-executor', temp: dirs.temp, tool_cache: dirs.toolCache, environment: 'github-hosted', debug: '' };
}
