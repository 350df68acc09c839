/**
 * One job on one runner: its steps in order on shared runner folders (the workspace, RUNNER_TEMP
 * and the tool cache persist across steps), with GITHUB_ENV / GITHUB_PATH carried forward,
 * outputs recorded in the `steps` context, `if:` and `continue-on-error` honoured, and post steps
 * run at the end in reverse order.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isBasicExpression, isMapping, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { actionDir } from '../../harness/paths.js';
import { createRunnerDirs, readActionYaml, runAction, type ActionRunResult, type RunnerDirs } from '../../harness/run-action.js';
import type { Annotation } from '../../harness/workflow-commands.js';
import type { ArtifactStore } from './artifacts.js';
import { githubContext, refInfo, runnerContext, runnerVariables, type RunIdentity } from './contexts.js';
import { evaluateCondition, interpolate, type ExpressionContexts, type ExpressionScope, type JobStatus } from './expressions.js';
import { fakeApiPermissions, resolvePermissions } from './permissions.js';
import { runScript } from './run-step.js';
import { STAND_INS } from './stand-ins.js';
import { evaluateString, evaluateStringMap, evaluateValue } from './template-values.js';
import type { JobResult, RunWorkflowOptions, StepOutcome, StepResult } from './types.js';
import { resolveUses } from './uses.js';
import type { LoadedWorkflow, WorkflowJob, WorkflowStep } from './workflow-file.js';

export interface JobInvocation {
  workflow: LoadedWorkflow;
  job: WorkflowJob;
  identity: RunIdentity;
  options: RunWorkflowOptions;
  artifacts: ArtifactStore;
  needs: ExpressionContexts['needs'];
  matrix?: Record<string, unknown>;
  strategy?: Record<string, unknown>;
}

interface PostStep {
  step: WorkflowStep;
  name: string;
  action: string;
  inputs: Record<string, string>;
  state: Record<string, string>;
  condition: string;
  stepEnv: Record<string, string>;
}

const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

/** A GITHUB_TOKEN-looking token unique to the job (ghs_ + 36 characters). */
const newToken = () => `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;

function emptyStep(step: WorkflowStep, name: string, phase: 'main' | 'post', outcome: StepOutcome): StepResult {
  return {
    id: step.id,
    name,
    phase,
    kind: step.run ? 'run' : 'action',
    uses: step.uses,
    outcome,
    conclusion: outcome,
    inputs: {},
    outputs: {},
    exportedEnv: {},
    addedPath: [],
    summary: '',
    log: '',
    annotations: [],
    errors: [],
    warnings: [],
  };
}

export async function runJob(inv: JobInvocation): Promise<JobResult> {
  const { workflow, job, identity, options } = inv;
  const progress = options.onProgress ?? (() => undefined);
  const dirs = options.runnerRoot ? reuseRunnerDirs(options.runnerRoot) : createRunnerDirs();
  const token = newToken();
  const isFork = (() => {
    const pr = identity.event.pull_request as { head?: { repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } } | undefined;
    return Boolean(pr && identity.eventName.startsWith('pull_request') && pr.head?.repo?.full_name && pr.head.repo.full_name !== pr.base?.repo?.full_name);
  })();
  const permissions = resolvePermissions(job.permissions ?? workflow.permissions, { fork: isFork });
  options.services?.githubApi?.state?.setTokenPermissions(token, fakeApiPermissions(permissions));

  for (const tool of options.preinstalledTools ?? []) preinstall(dirs.toolCache, tool, identity.runnerArch);

  const eventPath = path.join(dirs.temp, '_github_workflow', 'event.json');
  mkdirSync(path.dirname(eventPath), { recursive: true });
  writeFileSync(eventPath, JSON.stringify(identity.event));
  const runnerVars = { ...runnerVariables(identity, job.id, dirs), GITHUB_EVENT_PATH: eventPath };
  const ref = refInfo(identity);
  const secrets = { ...(options.secrets ?? {}), GITHUB_TOKEN: token };
  const masks = new Set(Object.values(secrets).filter((v) => v.length > 0));

  let jobStatus: JobStatus = 'success';
  const contexts: ExpressionContexts = {
    github: githubContext(identity, job.id, dirs, token),
    env: {},
    vars: options.vars ?? {},
    secrets,
    inputs: options.inputs ?? {},
    steps: {},
    job: { status: 'success', container: { id: '', network: '' }, services: {} },
    runner: runnerContext(identity, dirs),
    matrix: inv.matrix ?? {},
    strategy: inv.strategy ?? {},
    needs: inv.needs,
  };
  const scope = (env: Record<string, string>, extra: Partial<ExpressionContexts> = {}): ExpressionScope => ({
    contexts: { ...contexts, env, job: { ...contexts.job, status: jobStatus }, ...extra },
    jobStatus,
    workspace: dirs.workspace,
  });

  const workflowEnv = evaluateStringMap(workflow.env, scope({}));
  const jobEnv = { ...workflowEnv, ...evaluateStringMap(job.env, scope(workflowEnv)) };
  const exported: Record<string, string> = {};
  const prependPath: string[] = [];
  const envContext = () => ({ ...jobEnv, ...exported });

  const jobName = job.name ? evaluateString(job.name, scope(jobEnv)) : job.id;
  const environment = (() => {
    if (!job.environment) return undefined;
    const value = evaluateValue(job.environment, scope(jobEnv));
    if (typeof value === 'string') return { name: value };
    const v = value as { name?: string; url?: string };
    return { name: String(v.name ?? ''), url: v.url };
  })();
  const concurrencyToken = job.concurrency ?? workflow.concurrency;
  const concurrency = (() => {
    if (!concurrencyToken) return undefined;
    if (isString(concurrencyToken)) return { group: concurrencyToken.value, cancelInProgress: false };
    const value = evaluateValue(concurrencyToken, scope(jobEnv));
    if (typeof value === 'string') return { group: value, cancelInProgress: false };
    const v = value as { group?: string; 'cancel-in-progress'?: boolean | string };
    return { group: String(v.group ?? ''), cancelInProgress: v['cancel-in-progress'] === true || v['cancel-in-progress'] === 'true' };
  })();

  const mask = (text: string) => {
    let out = text;
    for (const m of [...masks].sort((a, b) => b.length - a.length)) out = out.split(m).join('***');
    return out;
  };
  const processEnv = (stepEnv: Record<string, string>): Record<string, string> => {
    const basePath = [...[...prependPath].reverse(), ...(options.path ?? []), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);
    return { ...(options.env ?? {}), ...(options.services?.actionsResults?.env ?? {}), ...envContext(), ...stepEnv, ...runnerVars, PATH: basePath };
  };
  const stepTimeout = (step: WorkflowStep, s: ExpressionScope) => {
    const limit = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    if (!step.timeoutMinutes) return limit;
    const minutes = Number(evaluateString(step.timeoutMinutes, s));
    return Number.isFinite(minutes) && minutes > 0 ? Math.min(limit, minutes * 60_000) : limit;
  };

  const results: StepResult[] = [];
  const posts: PostStep[] = [];

  const record = (result: StepResult) => {
    results.push(result);
    result.log = mask(result.log);
    result.summary = mask(result.summary);
    progress(
      `${result.conclusion === 'success' ? '✔' : result.conclusion === 'skipped' ? '○' : '✘'} ${job.id} › ${result.name}${result.outcome === 'failure' && result.conclusion === 'success' ? ' (failed, continue-on-error)' : ''}`,
    );
  };
  const applyEffects = (result: StepResult) => {
    Object.assign(exported, result.exportedEnv);
    for (const p of result.addedPath) {
      const existing = prependPath.indexOf(p);
      if (existing >= 0) prependPath.splice(existing, 1);
      prependPath.push(p);
    }
  };

  for (const step of job.steps) {
    let name = step.run ? `Run ${rawText(step.run).trim().split('\n')[0]}` : `Run ${step.uses}`;
    try {
      if (step.name) name = evaluateString(step.name, scope(envContext()));
    } catch {
      // A name that cannot be evaluated is shown as written, like the runner does.
    }
    let runIt: boolean;
    try {
      runIt = evaluateCondition(step.if, scope(envContext()));
    } catch (error) {
      const failed = {
        ...emptyStep(step, name, 'main', 'failure'),
        kind: 'invalid' as const,
        error: (error as Error).message,
        log: `Error: ${(error as Error).message}`,
      };
      record(failed);
      jobStatus = 'failure';
      if (step.hasUserId) contexts.steps[step.id] = { outputs: {}, outcome: 'failure', conclusion: 'failure' };
      continue;
    }
    if (!runIt) {
      record(emptyStep(step, name, 'main', 'skipped'));
      if (step.hasUserId) contexts.steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    progress(`▶ ${job.id} › ${name}`);
    let result: StepResult;
    let continueOnError = false;
    try {
      const stepEnv = evaluateStringMap(step.env, scope(envContext()));
      const s = scope({ ...envContext(), ...stepEnv });
      const coe = step.continueOnError;
      continueOnError = typeof coe === 'boolean' ? coe : coe ? evaluateString(coe, s) === 'true' : false;
      const timeoutMs = stepTimeout(step, s);
      if (step.run) {
        const script = evaluateString(step.run, s);
        const workingDirectory = step.workingDirectory ? evaluateString(step.workingDirectory, s) : job.defaultsRun.workingDirectory;
        const ran = await runScript({
          script,
          shell: step.shell ?? job.defaultsRun.shell,
          cwd: path.resolve(dirs.workspace, workingDirectory ?? ''),
          env: { ...processEnv(stepEnv), GITHUB_ACTION: step.id },
          temp: dirs.temp,
          timeoutMs,
        });
        const log = [
          ran.parsed.rendered.trimEnd(),
          ran.stderr.trimEnd(),
          ran.timedOut
            ? `Error: the step timed out after ${timeoutMs} ms`
            : ran.exitCode !== 0
              ? `Error: Process completed with exit code ${ran.exitCode}.`
              : '',
        ]
          .filter(Boolean)
          .join('\n');
        for (const m of ran.parsed.masks) masks.add(m);
        result = {
          ...emptyStep(step, name, 'main', ran.exitCode === 0 && !ran.timedOut ? 'success' : 'failure'),
          kind: 'run',
          script,
          exitCode: ran.exitCode,
          outputs: ran.outputs,
          exportedEnv: ran.exportedEnv,
          addedPath: ran.addedPath,
          summary: ran.summary,
          log,
          ...annotationLists(ran.parsed.annotations),
          error: ran.timedOut ? `timed out after ${timeoutMs} ms` : undefined,
        };
      } else {
        const target = resolveUses(step.uses ?? '');
        if (target.kind === 'unsupported') throw new Error(target.reason);
        if (target.kind === 'local') {
          // As the runner sets them: the repository and ref of a remote reference; empty for `./` paths.
          const actionEnv = {
            ...stepEnv,
            GITHUB_ACTION_REPOSITORY: target.ref ? (step.uses ?? '').split('/').slice(0, 2).join('/') : '',
            GITHUB_ACTION_REF: target.ref ?? '',
          };
          const ran = await runLocalAction(target.action, step, name, s, actionEnv, timeoutMs);
          result = ran.result;
          if (ran.post)
            posts.push({ step, name: `Post ${name}`, action: target.action, inputs: result.inputs, state: ran.state, condition: ran.post, stepEnv: actionEnv });
        } else {
          result = await runStandIn(target.name, step, name, s, stepEnv);
        }
      }
    } catch (error) {
      result = { ...emptyStep(step, name, 'main', 'failure'), kind: 'invalid', error: (error as Error).message, log: `Error: ${(error as Error).message}` };
    }
    result.conclusion = result.outcome === 'failure' && continueOnError ? 'success' : result.outcome;
    record(result);
    if (result.conclusion === 'failure') jobStatus = 'failure';
    if (step.hasUserId) contexts.steps[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion };
    applyEffects(result);
  }

  // Post steps: last registered first, each under its post-if (default always()).
  for (const post of [...posts].reverse()) {
    let runIt: boolean;
    try {
      runIt = evaluateCondition(post.condition, scope(envContext()));
    } catch (error) {
      record({
        ...emptyStep(post.step, post.name, 'post', 'failure'),
        kind: 'invalid',
        error: (error as Error).message,
        log: `Error: ${(error as Error).message}`,
      });
      jobStatus = 'failure';
      continue;
    }
    if (!runIt) {
      record(emptyStep(post.step, post.name, 'post', 'skipped'));
      continue;
    }
    progress(`▶ ${job.id} › ${post.name}`);
    const ran = await runAction(post.action, {
      ...actionRunOptions(post.stepEnv, options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS),
      inputs: post.inputs,
      post: { state: post.state },
    });
    const result = { ...fromActionRun(ran, post.step, post.name, 'post', post.inputs), action: post.action };
    record(result);
    if (result.outcome === 'failure') jobStatus = 'failure';
    applyEffects(result);
  }

  // Job outputs: one that cannot be evaluated (e.g. fromJSON of a failed step's empty output) is
  // empty with a warning, as on GitHub, instead of failing the finished job.
  const outputs: Record<string, string> = {};
  if (job.outputs && isMapping(job.outputs)) {
    for (const pair of job.outputs) {
      const key = evaluateString(pair.key, scope(envContext()));
      try {
        outputs[key] = evaluateString(pair.value, scope(envContext()));
      } catch (error) {
        outputs[key] = '';
        progress(`⚠ ${job.id}: output ${key} could not be evaluated: ${(error as Error).message}`);
      }
    }
  }
  if (environment?.url !== undefined && typeof environment.url !== 'string') environment.url = String(environment.url);
  const summary = results
    .map((r) => r.summary.trim())
    .filter(Boolean)
    .join('\n\n');
  const log = results.map((r) => `##[group]${r.name} (${r.conclusion})\n${r.log}\n##[endgroup]`).join('\n');
  return {
    id: job.id,
    name: jobName,
    matrix: inv.matrix,
    result: jobStatus === 'success' ? 'success' : 'failure',
    steps: results,
    permissions,
    declaredPermissions: job.permissions,
    token,
    environment,
    concurrency,
    outputs,
    summary,
    log,
    dirs,
    step(id: string) {
      const found = results.find((r) => r.id === id && r.phase === 'main');
      if (!found) throw new Error(`job ${job.id} has no step ${JSON.stringify(id)} (steps: ${results.map((r) => r.id).join(', ')})`);
      return found;
    },
  };

  function actionRunOptions(stepEnv: Record<string, string>, timeoutMs: number) {
    return {
      env: processEnv(stepEnv),
      dirs,
      eventName: identity.eventName,
      event: identity.event,
      githubApiUrl: identity.apiUrl,
      token,
      runnerOs: identity.runnerOs,
      runnerArch: identity.runnerArch,
      timeoutMs,
    };
  }

  async function runLocalAction(action: string, step: WorkflowStep, name: string, s: ExpressionScope, stepEnv: Record<string, string>, timeoutMs: number) {
    const manifest = readActionYaml(action) as ReturnType<typeof readActionYaml> & { runs: { 'post-if'?: string } };
    const given = evaluateStringMap(step.with, s);
    const declared = manifest.inputs ?? {};
    const inputs: Record<string, string> = {};
    const actionScope: ExpressionScope = {
      ...s,
      contexts: {
        ...s.contexts,
        github: {
          ...s.contexts.github,
          action: step.id,
          action_path: actionDir(action),
          action_repository: stepEnv.GITHUB_ACTION_REPOSITORY,
          action_ref: stepEnv.GITHUB_ACTION_REF,
        },
      },
    };
    for (const [input, spec] of Object.entries(declared)) {
      if (input in given) inputs[input] = given[input];
      else if (spec.default !== undefined) inputs[input] = interpolate(String(spec.default), actionScope);
    }
    const unexpected = Object.keys(given).filter((k) => !(k in declared));
    const ran = await runAction(action, { ...actionRunOptions(stepEnv, timeoutMs), inputs });
    const result = { ...fromActionRun(ran, step, name, 'main', inputs), action };
    if (unexpected.length) {
      // The runner's own wording: the step still runs, the unknown inputs are ignored.
      const warning = `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`;
      result.warnings.unshift(warning);
      result.log = `Warning: ${warning}\n${result.log}`;
    }
    const post = manifest.runs.post ? (manifest.runs['post-if'] ?? 'always()') : undefined;
    return { result, post, state: ran.state };
  }

  async function runStandIn(name: string, step: WorkflowStep, displayName: string, s: ExpressionScope, stepEnv: Record<string, string>): Promise<StepResult> {
    const standIn = STAND_INS[name];
    const base = { ...emptyStep(step, displayName, 'main', 'failure'), kind: 'stand-in' as const };
    if (!standIn) {
      const error = `${step.uses}: no local stand-in for ${name}; add one to test/e2e/executor/stand-ins.ts (known: ${Object.keys(STAND_INS).join(', ')})`;
      return { ...base, error, log: `Error: ${error}`, errors: [error] };
    }
    const inputs = evaluateStringMap(step.with, s);
    const unknown = Object.keys(inputs).filter((k) => !standIn.inputs.includes(k));
    if (unknown.length) {
      const error = `${name} has no input(s) ${unknown.map((u) => `'${u}'`).join(', ')}`;
      return { ...base, inputs, error, log: `Error: ${error}`, errors: [error] };
    }
    const lines: string[] = [];
    const warnings: string[] = [];
    try {
      const out = await standIn.run({
        uses: step.uses ?? name,
        inputs,
        env: processEnv(stepEnv),
        dirs,
        services: options.services ?? {},
        repository: options.repository,
        repositoryName: ref.repository,
        sha: ref.sha,
        ref: ref.ref,
        artifacts: inv.artifacts,
        log: (line) => lines.push(line),
        warn: (message) => {
          warnings.push(message);
          lines.push(`Warning: ${message}`);
        },
      });
      return {
        ...base,
        inputs,
        outcome: 'success',
        conclusion: 'success',
        outputs: out.outputs ?? {},
        exportedEnv: out.exportedEnv ?? {},
        addedPath: out.addedPath ?? [],
        summary: out.summary ?? '',
        log: lines.join('\n'),
        warnings,
        annotations: warnings.map((message) => ({ level: 'warning' as const, message, properties: {} })),
      };
    } catch (error) {
      const message = (error as Error).message;
      return { ...base, inputs, error: message, log: [...lines, `Error: ${message}`].join('\n'), errors: [message], warnings };
    }
  }

  function fromActionRun(ran: ActionRunResult, step: WorkflowStep, name: string, phase: 'main' | 'post', inputs: Record<string, string>): StepResult {
    for (const m of ran.masks) masks.add(m);
    const failed = ran.exitCode !== 0;
    return {
      ...emptyStep(step, name, phase, failed ? 'failure' : 'success'),
      kind: 'action',
      exitCode: ran.exitCode,
      inputs,
      outputs: ran.outputs,
      exportedEnv: ran.exportedEnv,
      addedPath: ran.addedPath,
      summary: ran.summary,
      log: [ran.log.trimEnd(), ran.stderr.trimEnd(), ran.signal ? `Error: the step was stopped (${ran.signal}), probably by its time limit` : '']
        .filter(Boolean)
        .join('\n'),
      ...annotationLists(ran.annotations),
      error: ran.signal ? `stopped by ${ran.signal}` : undefined,
    };
  }
}

/**
 * The same runner folders for every job, emptied first: a hosted runner's paths never change
 * (RUNNER_TEMP is always /home/runner/work/_temp), and caches keyed by absolute paths rely on it.
 */
function reuseRunnerDirs(root: string): RunnerDirs {
  const dirs = {
    root,
    workspace: path.join(root, 'workspace'),
    temp: path.join(root, 'temp'),
    toolCache: path.join(root, 'tool-cache'),
    home: path.join(root, 'home'),
  };
  for (const dir of [dirs.workspace, dirs.temp, dirs.toolCache, dirs.home]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  return dirs;
}

/** A tool in the runner tool cache, as a runner image ships it: a shim that runs the given executable. */
function preinstall(toolCache: string, tool: { name: string; version: string; executable: string }, runnerArch: 'X64' | 'ARM64'): void {
  const arch = runnerArch === 'X64' ? 'x64' : 'arm64';
  const dir = path.join(toolCache, tool.name, tool.version, arch);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, tool.name), `#!/bin/sh\nexec '${tool.executable.replace(/'/g, "'\\''")}' "$@"\n`, { mode: 0o755 });
  writeFileSync(`${dir}.complete`, '');
}

function annotationLists(annotations: Annotation[]) {
  return {
    annotations,
    errors: annotations.filter((a) => a.level === 'error').map((a) => a.message),
    warnings: annotations.filter((a) => a.level === 'warning').map((a) => a.message),
  };
}

/** A scalar as written (for display names): the source of an expression-bearing value. */
function rawText(token: TemplateToken): string {
  if (isString(token)) return token.value;
  if (isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
  return '';
}
