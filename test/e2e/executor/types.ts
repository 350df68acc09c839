/** The executor's public types: what a run is given and what it returns. */
import type { Annotation } from '../../harness/workflow-commands.js';
import type { RunnerDirs } from '../../harness/run-action.js';
import type { ArtifactRecord } from './artifacts.js';

/** GitHub's token permission names, as a workflow's `permissions:` spells them. */
export type PermissionLevel = 'read' | 'write' | 'none';

/**
 * Local services the steps talk to. Each is optional: a step that needs one that was not given
 * fails the way it would against an unreachable service.
 */
export interface ExecutorServices {
  /**
   * The fake GitHub API (test/fakes/github-api/server.ts): its URL becomes GITHUB_API_URL. When
   * its `state` is given, every job gets its own GITHUB_TOKEN carrying exactly the job's
   * `permissions:`, so a missing permission fails like on GitHub.
   */
  githubApi?: { url: string; state?: { setTokenPermissions(token: string, permissions: Record<string, PermissionLevel>): void } };
  /** The fake Actions results service (test/fakes/actions-results/server.ts): its `env` goes to every step. */
  actionsResults?: { url: string; env: Record<string, string> };
}

export interface RunWorkflowOptions {
  /** The triggering event; the workflow must be triggered by it (`on:`). */
  eventName: string;
  /** The webhook payload (test/harness/events.ts builds realistic ones). */
  event?: Record<string, unknown>;
  /** Jobs to run (their `needs:` run first); default: every job. */
  jobs?: string[];
  /** `inputs` context (workflow_dispatch / workflow_call). */
  inputs?: Record<string, unknown>;
  /** `vars` context (configuration variables). */
  vars?: Record<string, string>;
  /** `secrets` context; GITHUB_TOKEN is added. Every value is masked in logs. */
  secrets?: Record<string, string>;
  services?: ExecutorServices;
  /** Environment every step's process gets, below the workflow's `env:` (e.g. a CLI double's settings). */
  env?: Record<string, string>;
  /** Folders put at the front of PATH for every step, as tools preinstalled on a runner image. */
  path?: string[];
  /** The repository at the run's SHA: a git repository (cloned by the actions/checkout stand-in) or a plain folder (copied). */
  repository?: string;
  /**
   * Tools preinstalled in every job's RUNNER_TOOL_CACHE in @actions/tool-cache's layout
   * (`<name>/<version>/<arch>/<name>` + `<arch>.complete`), as on a hosted runner image: each is a
   * small shim executing `executable` (e.g. the Terraform CLI double).
   */
  preinstalledTools?: Array<{ name: string; version: string; executable: string }>;
  /** Matrix values per job id, for a job whose matrix should run only these combinations. */
  matrix?: Record<string, Array<Record<string, unknown>>>;
  /** Overrides the commit SHA derived from the event. */
  sha?: string;
  /** The repository's default branch (`$default-branch`); default: the payload's repository.default_branch, else main. */
  defaultBranch?: string;
  runnerOs?: 'Linux' | 'macOS' | 'Windows';
  runnerArch?: 'X64' | 'ARM64';
  /** Longest a single step may run (default 10 minutes; `timeout-minutes:` may shorten it). */
  stepTimeoutMs?: number;
  /**
   * Run every job in the same runner folders under this path (emptied at each job's start), as a
   * hosted runner's paths never change; caches keyed by absolute paths (RUNNER_TEMP) then hit across
   * runs. Default: fresh folders per job, kept for the test to inspect.
   */
  runnerRoot?: string;
  /** Live progress lines ("▶ job/step", results), e.g. for the demo. */
  onProgress?: (line: string) => void;
  /** Path of the workflow in the repository, for GITHUB_WORKFLOW_REF (default `.github/workflows/<file>`). */
  workflowPath?: string;
}

export type StepOutcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  id: string;
  name: string;
  phase: 'main' | 'post';
  kind: 'action' | 'run' | 'stand-in' | 'invalid';
  uses?: string;
  /** For this repository's actions: the action folder name. */
  action?: string;
  outcome: StepOutcome;
  /** The outcome after continue-on-error (a tolerated failure concludes as success). */
  conclusion: StepOutcome;
  exitCode?: number | null;
  /** Evaluated `with:` (action steps) after action.yml defaults. */
  inputs: Record<string, string>;
  /** The evaluated script of a run: step. */
  script?: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  addedPath: string[];
  summary: string;
  /** The log as GitHub shows it (commands applied, secrets and masks replaced by ***). */
  log: string;
  annotations: Annotation[];
  errors: string[];
  warnings: string[];
  /** Why the executor itself failed the step (bad expression, missing stand-in, timeout). */
  error?: string;
}

export type JobConclusion = 'success' | 'failure' | 'skipped';

export interface JobResult {
  id: string;
  name: string;
  matrix?: Record<string, unknown>;
  result: JobConclusion;
  /** Main steps in order, then post steps in the order they ran. */
  steps: StepResult[];
  /** Effective GITHUB_TOKEN permissions (`permissions:` of the job, else of the workflow). */
  permissions: Record<string, PermissionLevel>;
  /** The job's `permissions:` as written (undefined when it inherits the workflow's). */
  declaredPermissions?: unknown;
  token: string;
  environment?: { name: string; url?: string };
  concurrency?: { group: string; cancelInProgress: boolean };
  outputs: Record<string, string>;
  /** Every step summary in order, as the job summary page shows them. */
  summary: string;
  log: string;
  dirs: RunnerDirs;
  /** The step by id (main phase). */
  step(id: string): StepResult;
}

export interface WorkflowRunResult {
  workflow: string;
  conclusion: 'success' | 'failure';
  jobs: JobResult[];
  job(id: string): JobResult;
  artifacts: ArtifactRecord[];
}
