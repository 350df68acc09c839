/**
 * Runs a workflow file locally: checks that the event triggers it, orders its jobs by `needs:`,
 * evaluates each job's `if:` and simple matrix, and runs every job on its own fresh runner
 * folders (job-runner.ts). Returns every step's outcome, outputs, log and summary.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isString } from '@actions/workflow-parser';
import { pullRequestEvent, pushEvent, DEFAULT_REPO } from '../../harness/events.js';
import { ArtifactStore } from './artifacts.js';
import { githubContext, runnerContext, type RunIdentity } from './contexts.js';
import { evaluateCondition, type ExpressionContexts, type ExpressionScope } from './expressions.js';
import { runJob } from './job-runner.js';
import { evaluateValue } from './template-values.js';
import type { JobResult, RunWorkflowOptions, WorkflowRunResult } from './types.js';
import { loadWorkflow, type LoadedWorkflow, type WorkflowJob } from './workflow-file.js';

/** A payload for the event (the harness's realistic ones), its repository's default branch set to `defaultBranch`. */
function defaultEvent(eventName: string, cron: string | undefined, defaultBranch: string): Record<string, unknown> {
  const base = eventName.startsWith('pull_request') ? pullRequestEvent() : pushEvent({ ref: `refs/heads/${defaultBranch}` });
  for (const repo of [base.repository, base.pull_request?.base?.repo, base.pull_request?.head?.repo]) if (repo) repo.default_branch = defaultBranch;
  if (eventName.startsWith('pull_request') || eventName === 'push') return base;
  if (eventName === 'schedule') return { schedule: cron ?? '0 0 * * *', repository: base.repository, workflow: '' };
  return { repository: base.repository, sender: base.sender, inputs: {} };
}

/** GitHub's branch filter globs: `*` does not cross `/`, `**` does; `$default-branch` is the template placeholder. */
function globMatches(pattern: string, value: string, defaultBranch: string): boolean {
  const p = pattern.replace('$default-branch', defaultBranch);
  const regex = p
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(value);
}

/** Throws unless `on:` includes the event (and its branch filter admits the ref). */
export function assertTriggeredBy(workflow: LoadedWorkflow, eventName: string, event: Record<string, any>, defaultBranch: string): void {
  if (!(eventName in workflow.events))
    throw new Error(`${path.basename(workflow.file)} is not triggered by ${eventName} (on: ${Object.keys(workflow.events).join(', ')})`);
  const filter = workflow.events[eventName] as { branches?: string[]; 'branches-ignore'?: string[] } | undefined;
  const branch =
    eventName === 'push' && typeof event.ref === 'string'
      ? event.ref.replace(/^refs\/heads\//, '')
      : eventName.startsWith('pull_request')
        ? (event.pull_request?.base?.ref as string | undefined)
        : undefined;
  if (!filter || branch === undefined) return;
  if (filter.branches && !filter.branches.some((b) => globMatches(b, branch, defaultBranch)))
    throw new Error(`${path.basename(workflow.file)}: ${eventName} on ${branch} does not match branches: ${filter.branches.join(', ')}`);
  if (filter['branches-ignore']?.some((b) => globMatches(b, branch, defaultBranch)))
    throw new Error(`${path.basename(workflow.file)}: ${eventName} on ${branch} is in branches-ignore`);
}

/** The jobs to run, each after its `needs:` (requested jobs pull in what they need). */
export function jobOrder(workflow: LoadedWorkflow, wanted?: string[]): WorkflowJob[] {
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]));
  const order: WorkflowJob[] = [];
  const visiting = new Set<string>();
  const visit = (id: string) => {
    const job = byId.get(id);
    if (!job) throw new Error(`${path.basename(workflow.file)} has no job ${JSON.stringify(id)} (jobs: ${[...byId.keys()].join(', ')})`);
    if (order.includes(job)) return;
    if (visiting.has(id)) throw new Error(`jobs form a cycle through ${id}`);
    visiting.add(id);
    job.needs.forEach(visit);
    visiting.delete(id);
    order.push(job);
  };
  (wanted ?? workflow.jobs.map((j) => j.id)).forEach(visit);
  return order;
}

/** A literal matrix: every combination of its lists, minus `exclude`, plus or extended by `include`. */
export function expandMatrix(matrix: Record<string, unknown>): Array<Record<string, unknown>> {
  const { include, exclude, ...axes } = matrix as { include?: Array<Record<string, unknown>>; exclude?: Array<Record<string, unknown>> } & Record<
    string,
    unknown
  >;
  let combos: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) throw new Error(`matrix.${key} must be a list for the executor (got ${JSON.stringify(values)})`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  if (Object.keys(axes).length === 0) combos = [];
  const matches = (combo: Record<string, unknown>, partial: Record<string, unknown>) =>
    Object.entries(partial).every(([k, v]) => JSON.stringify(combo[k]) === JSON.stringify(v));
  combos = combos.filter((c) => !(exclude ?? []).some((e) => matches(c, e)));
  for (const extra of include ?? []) {
    const axisKeys = Object.keys(axes);
    const targets = combos.filter((c) => axisKeys.every((k) => !(k in extra) || JSON.stringify(extra[k]) === JSON.stringify(c[k])));
    if (targets.length && Object.keys(extra).some((k) => !axisKeys.includes(k)))
      targets.forEach((t) => Object.assign(t, Object.fromEntries(Object.entries(extra).filter(([k]) => !axisKeys.includes(k)))));
    else combos.push({ ...extra });
  }
  return combos;
}

function skippedJob(job: WorkflowJob, matrix?: Record<string, unknown>): JobResult {
  return {
    id: job.id,
    name: job.name && isString(job.name) ? job.name.value : job.id,
    matrix,
    result: 'skipped',
    steps: [],
    permissions: {},
    declaredPermissions: job.permissions,
    token: '',
    outputs: {},
    summary: '',
    log: '',
    dirs: { root: '', workspace: '', temp: '', toolCache: '', home: '' },
    step(id: string): never {
      throw new Error(`job ${job.id} was skipped: it has no step ${id}`);
    },
  };
}

export async function runWorkflow(file: string, options: RunWorkflowOptions): Promise<WorkflowRunResult> {
  const workflow = await loadWorkflow(file);
  const schedule = workflow.events.schedule as Array<{ cron: string }> | undefined;
  const event = (options.event ?? defaultEvent(options.eventName, schedule?.[0]?.cron, options.defaultBranch ?? 'main')) as Record<string, any>;
  // The repository's default branch, as GitHub knows it: from the payload unless told otherwise.
  const defaultBranch: string = options.defaultBranch ?? event.repository?.default_branch ?? 'main';
  assertTriggeredBy(workflow, options.eventName, event, defaultBranch);

  const runRoot = mkdtempSync(path.join(os.tmpdir(), 'dataops-e2e-run-'));
  const artifacts = new ArtifactStore(path.join(runRoot, 'artifacts'));
  const identity: RunIdentity = {
    workflowName: workflow.name,
    workflowPath: options.workflowPath ?? `.github/workflows/${path.basename(file)}`,
    eventName: options.eventName,
    event,
    sha: options.sha,
    defaultBranch,
    runId: String(4200 + Math.floor(Math.random() * 1000)),
    runNumber: '42',
    actor: (event.sender as { login?: string } | undefined)?.login ?? DEFAULT_REPO.owner,
    serverUrl: 'https://github.com',
    apiUrl: options.services?.githubApi?.url ?? 'http://127.0.0.1:9',
    runnerOs: options.runnerOs ?? 'Linux',
    runnerArch: options.runnerArch ?? 'X64',
  };

  const jobs: JobResult[] = [];
  for (const job of jobOrder(workflow, options.jobs)) {
    const needResults = job.needs.map((n) => jobs.filter((j) => j.id === n));
    const needs: ExpressionContexts['needs'] = {};
    for (const [i, results] of needResults.entries()) {
      const failed = results.some((r) => r.result === 'failure');
      const skipped = results.every((r) => r.result === 'skipped');
      needs[job.needs[i]] = { result: failed ? 'failure' : skipped ? 'skipped' : 'success', outputs: Object.assign({}, ...results.map((r) => r.outputs)) };
    }
    const needsStatus = Object.values(needs).some((n) => n.result !== 'success') ? 'failure' : 'success';
    const dummyDirs = { root: '', workspace: runRoot, temp: runRoot, toolCache: runRoot, home: runRoot };
    const jobScope: ExpressionScope = {
      contexts: {
        github: githubContext(identity, job.id, dummyDirs, ''),
        env: {},
        vars: options.vars ?? {},
        secrets: {},
        inputs: options.inputs ?? {},
        steps: {},
        job: {},
        runner: runnerContext(identity, dummyDirs),
        matrix: {},
        strategy: {},
        needs,
      },
      jobStatus: needsStatus,
      workspace: runRoot,
    };
    if (!evaluateCondition(job.if, jobScope)) {
      options.onProgress?.(`○ ${job.id} (skipped: if: ${job.if})`);
      jobs.push(skippedJob(job));
      continue;
    }
    const strategy = job.strategy ? ((evaluateValue(job.strategy, jobScope) as Record<string, unknown>) ?? {}) : {};
    const combos = options.matrix?.[job.id] ?? (strategy.matrix ? expandMatrix(strategy.matrix as Record<string, unknown>) : [undefined]);
    for (const [index, matrix] of combos.entries()) {
      options.onProgress?.(`▶ job ${job.id}${matrix ? ` ${JSON.stringify(matrix)}` : ''}`);
      const strategyContext = {
        'fail-fast': strategy['fail-fast'] ?? true,
        'job-index': index,
        'job-total': combos.length,
        'max-parallel': strategy['max-parallel'] ?? combos.length,
      };
      jobs.push(await runJob({ workflow, job, identity, options, artifacts, needs, matrix, strategy: matrix ? strategyContext : {} }));
    }
  }

  return {
    workflow: workflow.name,
    conclusion: jobs.some((j) => j.result === 'failure') ? 'failure' : 'success',
    jobs,
    job(id: string) {
      const found = jobs.find((j) => j.id === id);
      if (!found) throw new Error(`the run has no job ${JSON.stringify(id)} (jobs: ${jobs.map((j) => j.id).join(', ')})`);
      return found;
    },
    artifacts: artifacts.records,
  };
}
