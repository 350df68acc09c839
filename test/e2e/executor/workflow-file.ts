/**
 * Reads a workflow with GitHub's parser (@actions/workflow-parser: parseWorkflow, then
 * convertWorkflowTemplate). The converted model gives jobs, step ids, `if:` conditions (already
 * wrapped in `success() && (…)` as the runner does) and `env:`; the keys it drops (`with:`,
 * `working-directory:`, `shell:`, `permissions:`, `defaults:`, timeouts, job outputs) are read from
 * the parsed tokens of the same file, so every value still goes through GitHub's parser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertWorkflowTemplate, isMapping, isSequence, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { Job, Step } from '@actions/workflow-parser/model/workflow-template';
import { literalValue } from './template-values.js';

export interface WorkflowStep {
  /** The step's id (generated ids start with `__`, as in the runner). */
  id: string;
  /** True when the workflow gave the id (only those appear in the `steps` context). */
  hasUserId: boolean;
  index: number;
  name?: TemplateToken;
  /** The condition expression, already `success() && (…)`-wrapped when it had no status function. */
  if: string;
  continueOnError?: boolean | TemplateToken;
  env?: TemplateToken;
  uses?: string;
  run?: TemplateToken;
  with?: TemplateToken;
  workingDirectory?: TemplateToken;
  shell?: string;
  timeoutMinutes?: TemplateToken;
}

export interface WorkflowJob {
  id: string;
  name?: TemplateToken;
  needs: string[];
  if: string;
  env?: TemplateToken;
  environment?: TemplateToken;
  concurrency?: TemplateToken;
  /** As written (plain JSON); undefined when the job inherits the workflow's. */
  permissions?: unknown;
  strategy?: TemplateToken;
  outputs?: TemplateToken;
  continueOnError?: TemplateToken;
  timeoutMinutes?: TemplateToken;
  defaultsRun: { shell?: string; workingDirectory?: string };
  runsOn?: unknown;
  steps: WorkflowStep[];
}

export interface LoadedWorkflow {
  file: string;
  /** `name:` or the file name, as GitHub shows it (GITHUB_WORKFLOW). */
  name: string;
  /** `on:` as GitHub's converter reads it: event name → filters. */
  events: Record<string, unknown>;
  env?: TemplateToken;
  permissions?: unknown;
  concurrency?: TemplateToken;
  jobs: WorkflowJob[];
}

export class WorkflowParseError extends Error {
  constructor(file: string, errors: string[]) {
    super(`${file} is not a valid workflow:\n- ${errors.join('\n- ')}`);
    this.name = 'WorkflowParseError';
  }
}

const find = (mapping: TemplateToken | undefined, key: string): TemplateToken | undefined => (mapping && isMapping(mapping) ? mapping.find(key) : undefined);

function defaultsRun(owner: TemplateToken | undefined): { shell?: string; workingDirectory?: string } {
  const run = literalValue(find(find(owner, 'defaults'), 'run')) as Record<string, string> | undefined;
  return { shell: run?.shell, workingDirectory: run?.['working-directory'] };
}

function convertStep(step: Step, raw: TemplateToken | undefined, index: number): WorkflowStep {
  if (!('if' in step) || !('uses' in step || 'run' in step)) throw new Error(`step ${index + 1} (${step.id}) is neither a run: nor a uses: step`);
  const shell = literalValue(find(raw, 'shell'));
  return {
    id: step.id,
    hasUserId: find(raw, 'id') !== undefined,
    index,
    name: step.name,
    if: step.if.expression,
    continueOnError: step['continue-on-error'],
    env: step.env,
    uses: 'uses' in step ? step.uses.value : undefined,
    run: 'run' in step ? step.run : undefined,
    with: find(raw, 'with'),
    workingDirectory: find(raw, 'working-directory'),
    shell: typeof shell === 'string' ? shell : undefined,
    timeoutMinutes: find(raw, 'timeout-minutes'),
  };
}

function convertJob(job: Job, raw: TemplateToken | undefined, workflowDefaults: { shell?: string; workingDirectory?: string }): WorkflowJob {
  const rawSteps = find(raw, 'steps');
  const steps = job.steps.map((step, i) => convertStep(step, rawSteps && isSequence(rawSteps) ? rawSteps.get(i) : undefined, i));
  const own = defaultsRun(raw);
  return {
    id: job.id.value,
    name: job.name,
    needs: (job.needs ?? []).map((n) => n.value),
    if: job.if.expression,
    env: job.env,
    environment: job.environment,
    concurrency: job.concurrency,
    permissions: literalValue(find(raw, 'permissions')),
    strategy: job.strategy,
    outputs: job.outputs,
    continueOnError: find(raw, 'continue-on-error'),
    timeoutMinutes: find(raw, 'timeout-minutes'),
    defaultsRun: { shell: own.shell ?? workflowDefaults.shell, workingDirectory: own.workingDirectory ?? workflowDefaults.workingDirectory },
    runsOn: literalValue(find(raw, 'runs-on')),
    steps,
  };
}

/** Parses and converts a workflow; throws WorkflowParseError listing GitHub's parser errors. */
export async function loadWorkflow(file: string, content = readFileSync(file, 'utf8')): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow({ name: path.basename(file), content }, new NoOperationTraceWriter());
  const parseErrors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parseErrors.length || !parsed.value) throw new WorkflowParseError(file, parseErrors.length ? parseErrors : ['empty document']);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const errors = [...(template.errors ?? []).map((e) => e.Message), ...parsed.context.errors.getErrors().map((e) => e.message)];
  if (errors.length) throw new WorkflowParseError(file, [...new Set(errors)]);

  const root = parsed.value as MappingToken;
  const rawJobs = find(root, 'jobs');
  const workflowDefaults = defaultsRun(root);
  const jobs = template.jobs.map((job) => {
    if (job.type !== 'job') throw new Error(`${file}: job ${job.id.value} calls a reusable workflow, which the executor does not run`);
    return convertJob(job, find(rawJobs, job.id.value), workflowDefaults);
  });
  const name = literalValue(find(root, 'name'));
  return {
    file,
    name: typeof name === 'string' ? name : path.basename(file),
    events: template.events as Record<string, unknown>,
    env: template.env,
    permissions: literalValue(find(root, 'permissions')),
    concurrency: find(root, 'concurrency'),
    jobs,
  };
}
