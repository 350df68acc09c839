/**
 * plan-and-comment's core: plan every root module (init → workspace → plan → show, each stage a
 * metrics phase, modules `parallelism` at a time), summarise each JSON plan, upload each plan as
 * an artifact for a verified apply, then report: the job summary always, one sticky comment on a
 * pull request, optional labels, and on `schedule` the drift output and an optional drift issue.
 * A module that fails is reported with its error output; the step fails only after every module
 * was tried and everything was reported.
 */
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { mapLimit } from '../concurrency.js';
import { ActionError, InputError, errorMessage } from '../errors.js';
import { runContext, pullRequest, type RunContext, type PullRequestInfo } from '../context.js';
import { exec } from '../exec.js';
import { githubClient, isPermissionError, type GitHubClient } from '../github.js';
import { workspaceDir } from '../inputs.js';
import { infoUntrusted, logUntrusted } from '../log.js';
import { COMMENT_LIMIT } from '../markdown.js';
import type { Metrics } from '../metrics.js';
import { commentMarker, upsertStickyComment } from '../sticky-comment.js';
import { appendSummary, summaryLink } from '../summary.js';
import { PLAN_ARTIFACT_FILES, digestFileText, moduleSlug, planArtifactName, uploadArtifact } from './artifacts.js';
import { changedFiles } from './changed-files.js';
import { TerraformCli, TerraformCommandError, findTerraformBinary, isBackendPair, type CliResult, type TerraformTool } from './cli.js';
import { syncDriftIssue } from './drift-issue.js';
import { applyPlanLabels, type PlanOutcome } from './labels.js';
import { affectedModules, findRootModules, type RootModule } from './modules.js';
import { readPlanSummary, type PlanSummary } from './plan-json.js';
import { renderReport, statusIcon, type ModuleReport, type ReportContext } from './render.js';

export interface PlanAndCommentSettings {
  workingDirectories: string[];
  workspace: string;
  varFiles: string[];
  vars: Record<string, unknown>;
  backendConfig: string[];
  initArgs: string[];
  planArgs: string[];
  tool: TerraformTool;
  parallelism: number;
  lockTimeoutMs: number;
  changedOnly: boolean;
  comment: boolean;
  commentKey: string;
  label: boolean;
  driftIssue: boolean;
  uploadArtifacts: boolean;
  githubToken: string;
}

export interface ModuleResult extends ModuleReport {
  slug: string;
  dir: string;
  planFile?: string;
  planJson?: string;
  digest?: string;
}

export interface PlanAndCommentResult {
  modules: ModuleResult[];
  totals: { add: number; change: number; replace: number; destroy: number };
  hasChanges: boolean;
  drift: boolean;
  commentUrl?: string;
  /** Set when the step must fail (after outputs are set): failed modules, uploads or API calls. */
  failure?: ActionError;
}

/** Names of the inputs, for errors about them (the action's constants pass theirs). */
export interface InputNames {
  workingDirectories: string;
  varFiles: string;
  backendConfig: string;
}

interface PlannedModule extends ModuleResult {
  root: RootModule;
  varFilePaths: string[];
  backendFiles: string[];
  cli?: TerraformCli;
  workDir: string;
}

function resolveModuleFile(inputName: string, m: RootModule, workspace: string, file: string): string {
  const resolved = path.resolve(m.dir, file);
  const rel = path.relative(workspace, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InputError(inputName, file, 'a file inside the workspace');
  return resolved;
}

async function fileExists(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Resolves and checks everything about the modules before any command runs. */
async function prepareModules(settings: PlanAndCommentSettings, names: InputNames, workspace: string, tempRoot: string): Promise<PlannedModule[]> {
  const roots = await findRootModules(settings.workingDirectories, workspace, names.workingDirectories);
  const bySlug = new Map<string, string>();
  const modules: PlannedModule[] = [];
  for (const root of roots) {
    const slug = moduleSlug(root.relativeDir, settings.workspace);
    const clash = bySlug.get(slug);
    if (clash)
      throw new InputError(
        names.workingDirectories,
        root.relativeDir,
        `directories whose artifact names differ (${clash} and ${root.relativeDir} both become ${planArtifactName(root.relativeDir, settings.workspace)})`,
      );
    bySlug.set(slug, root.relativeDir);
    const varFilePaths: string[] = [];
    for (const file of settings.varFiles) {
      const resolved = resolveModuleFile(names.varFiles, root, workspace, file);
      if (!(await fileExists(resolved))) throw new InputError(names.varFiles, file, `a file that exists in every module (missing in ${root.relativeDir})`);
      varFilePaths.push(resolved);
    }
    const backendFiles: string[] = [];
    for (const entry of settings.backendConfig.filter((e) => !isBackendPair(e))) {
      const resolved = resolveModuleFile(names.backendConfig, root, workspace, entry);
      if (!(await fileExists(resolved)))
        throw new InputError(names.backendConfig, entry, `key=value or a backend file that exists in every module (missing in ${root.relativeDir})`);
      backendFiles.push(resolved);
    }
    modules.push({
      root,
      dir: root.dir,
      relativeDir: root.relativeDir,
      workspace: settings.workspace,
      slug,
      status: 'no-changes',
      varFilePaths,
      backendFiles,
      workDir: path.join(tempRoot, slug),
    });
  }
  return modules;
}

function fail(m: PlannedModule, stage: string, err: unknown): void {
  m.status = 'error';
  m.error = { stage, output: err instanceof TerraformCommandError ? err.errorOutput : errorMessage(err) };
  core.error(`${m.relativeDir}: ${stage} failed${err instanceof TerraformCommandError ? ` (exit code ${err.result.exitCode})` : `: ${errorMessage(err)}`}`);
}

/** With several modules at once, output is buffered and printed per command so it does not interleave. */
function logCommand(m: PlannedModule, what: string, result: CliResult | undefined, streamed: boolean): void {
  if (!result) return;
  infoUntrusted(`── ${m.relativeDir}: ${what} → exit code ${result.exitCode} (${Math.round(result.durationMs)} ms)`);
  if (!streamed) logUntrusted(`${result.stdout}${result.stderr}`);
}

async function readHead(file: string, maxBytes: number): Promise<{ text: string; total: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (bytesRead < size) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
    return { text, total: size };
  } finally {
    await handle.close();
  }
}

async function checkoutCommit(workspace: string, fallback: string): Promise<string> {
  const result = await exec('git', ['rev-parse', 'HEAD'], { cwd: workspace, stream: false }).catch(() => undefined);
  const sha = result?.exitCode === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha : fallback;
}

function outcomeOf(modules: ModuleResult[]): PlanOutcome {
  if (modules.some((m) => m.status === 'error')) return 'unknown';
  if (modules.some((m) => (m.summary?.counts.delete ?? 0) + (m.summary?.counts.replace ?? 0) > 0)) return 'destroy';
  return modules.some((m) => m.status === 'changes') ? 'changes' : 'no-changes';
}

/** A read-only token (fork or Dependabot pull requests) cannot comment or label: warn instead of failing. */
function readOnlyTokenExpected(ctx: RunContext, pr: PullRequestInfo | undefined): boolean {
  return !!pr && (pr.fromFork || ctx.actor === 'dependabot[bot]');
}

function permissionDenied(err: unknown): boolean {
  return isPermissionError(err) || isPermissionError((err as { cause?: unknown })?.cause);
}

/** Writes digest.txt and summary.json beside each plan, then uploads each module's files as its artifact. */
async function savePlanArtifacts(
  done: PlannedModule[],
  settings: PlanAndCommentSettings,
  sha: string,
  ctx: RunContext,
  metrics: Metrics,
  failures: string[],
): Promise<void> {
  for (const m of done) {
    await writeFile(path.join(m.workDir, PLAN_ARTIFACT_FILES.digest), digestFileText(m.digest!));
    const summary = {
      module: m.relativeDir,
      workspace: m.workspace,
      tool: settings.tool,
      commit: sha,
      status: m.status,
      counts: m.summary!.counts,
      digest: m.digest,
    };
    await writeFile(path.join(m.workDir, PLAN_ARTIFACT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (!settings.uploadArtifacts || !done.length) return;
  await metrics.phase('artifacts', () =>
    mapLimit(done, 2, async (m) => {
      const name = planArtifactName(m.relativeDir, m.workspace);
      const files: string[] = [];
      for (const f of Object.values(PLAN_ARTIFACT_FILES)) if (await fileExists(path.join(m.workDir, f))) files.push(path.join(m.workDir, f));
      try {
        const uploaded = await uploadArtifact(name, m.workDir, files);
        m.artifactName = name;
        if (uploaded.id) m.artifactUrl = `${ctx.runUrl}/artifacts/${uploaded.id}`;
      } catch (err) {
        core.error(errorMessage(err));
        failures.push(`artifact ${name} was not uploaded`);
      }
    }),
  );
}

/** `changed-only`: the modules a pull request affects (all of them outside pull requests, or when the changed files are unknown). */
async function changedModulesOnly(
  modules: PlannedModule[],
  ctx: RunContext,
  pr: PullRequestInfo | undefined,
  workspace: string,
  api: (() => GitHubClient) | undefined,
): Promise<{ planned: PlannedModule[]; unchangedModules: string[] }> {
  const all = { planned: modules, unchangedModules: [] };
  if (!pr) {
    core.info('changed-only applies to pull requests: planning every module.');
    return all;
  }
  const request = { cwd: workspace, baseSha: pr.baseSha, headSha: pr.headSha, octokit: api?.(), owner: ctx.owner, repo: ctx.repo, pullNumber: pr.number };
  const changed = await changedFiles(request, workspace);
  if (!changed) {
    core.warning('changed-only: could not list the files this pull request changes; planning every module.');
    return all;
  }
  const extraFiles = new Map(modules.map((m) => [m.root, [...m.varFilePaths, ...m.backendFiles]]));
  const affected = new Set((await affectedModules([...extraFiles.keys()], changed.files, (root) => extraFiles.get(root) ?? [])).map((r) => r.dir));
  const planned = modules.filter((m) => affected.has(m.dir));
  const unchangedModules = modules.filter((m) => !affected.has(m.dir)).map((m) => m.relativeDir);
  infoUntrusted(
    `changed-only (${changed.files.length} changed files, via ${changed.via}): planning ${planned.map((m) => m.relativeDir).join(', ') || 'no module'}; not planning ${unchangedModules.join(', ') || 'none'}`,
  );
  return { planned, unchangedModules };
}

export async function planAndComment(settings: PlanAndCommentSettings, names: InputNames, metrics: Metrics): Promise<PlanAndCommentResult> {
  const ctx = runContext();
  const pr = pullRequest(ctx);
  const workspace = path.resolve(workspaceDir());
  const tempRoot = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'plan-and-comment');

  // Everything that can be wrong with the inputs is found before the first command runs.
  const modules = await prepareModules(settings, names, workspace, tempRoot);
  const binary = await findTerraformBinary(settings.tool);
  let octokit: GitHubClient | undefined;
  const api = () => (octokit ??= githubClient(settings.githubToken));
  if (((settings.comment || settings.label) && pr) || (settings.driftIssue && ctx.eventName === 'schedule')) api();

  const { planned, unchangedModules } = settings.changedOnly
    ? await changedModulesOnly(modules, ctx, pr, workspace, settings.githubToken ? api : undefined)
    : { planned: modules, unchangedModules: [] };
  metrics.count('modules_planned', planned.length);

  const stream = settings.parallelism === 1;
  const alive = () => planned.filter((m) => m.status !== 'error');
  await metrics.phase('init', () =>
    mapLimit(planned, settings.parallelism, async (m) => {
      await mkdir(m.workDir, { recursive: true });
      m.cli = await TerraformCli.create({ tool: settings.tool, binary, cwd: m.dir, tempDir: tempRoot, stream });
      try {
        logCommand(
          m,
          `${settings.tool} init`,
          await m.cli.init({ backendConfig: [...settings.backendConfig.filter(isBackendPair), ...m.backendFiles], args: settings.initArgs }),
          stream,
        );
      } catch (err) {
        if (err instanceof TerraformCommandError) logCommand(m, `${settings.tool} init`, err.result, stream);
        return fail(m, 'init', err);
      }
      if (settings.workspace !== 'default') {
        try {
          await m.cli.selectWorkspace(settings.workspace);
        } catch (err) {
          fail(m, 'workspace', err);
        }
      }
    }),
  );
  await metrics.phase('plan', () =>
    mapLimit(alive(), settings.parallelism, async (m) => {
      m.planFile = path.join(m.workDir, PLAN_ARTIFACT_FILES.plan);
      try {
        const result = await m.cli!.plan({
          out: m.planFile,
          varFiles: m.varFilePaths,
          vars: settings.vars,
          lockTimeoutMs: settings.lockTimeoutMs,
          args: settings.planArgs,
        });
        logCommand(m, `${settings.tool} plan`, result, stream);
      } catch (err) {
        if (err instanceof TerraformCommandError) logCommand(m, `${settings.tool} plan`, err.result, stream);
        m.planFile = undefined;
        fail(m, 'plan', err);
      }
    }),
  );
  await metrics.phase('show', () =>
    mapLimit(alive(), settings.parallelism, async (m) => {
      const planJson = path.join(m.workDir, PLAN_ARTIFACT_FILES.json);
      let summary: PlanSummary;
      try {
        await m.cli!.showJson(m.planFile!, planJson);
        m.planJson = planJson;
        summary = await readPlanSummary(planJson, `${m.relativeDir}: plan JSON`);
      } catch (err) {
        return fail(m, 'show', err);
      }
      if (summary.errored) return fail(m, 'plan', new Error(`${settings.tool} marked the plan as errored: it is incomplete and cannot be applied`));
      m.summary = summary;
      m.digest = summary.digest;
      m.status = summary.hasChanges ? 'changes' : 'no-changes';
      if (summary.hasChanges || summary.drift.length) {
        const textFile = path.join(m.workDir, PLAN_ARTIFACT_FILES.text);
        try {
          await m.cli!.showText(m.planFile!, textFile);
          const head = await readHead(textFile, 1_500_000);
          m.planText = head.text;
          m.planTextTotal = head.total;
        } catch (err) {
          core.warning(`${m.relativeDir}: could not render the plan as text: ${errorMessage(err)}`);
        }
      }
      infoUntrusted(
        `${statusIcon(m.status)} ${m.relativeDir}: ${summary.counts.create} to add, ${summary.counts.update} to change, ${summary.counts.replace} to replace, ${summary.counts.delete} to destroy · ${summary.digest}`,
      );
    }),
  );

  const failures: string[] = [];
  const sha = await checkoutCommit(workspace, ctx.sha);
  const done = planned.filter((m) => m.status !== 'error');
  await savePlanArtifacts(done, settings, sha, ctx, metrics, failures);

  const toolVersion = await planned[0]?.cli?.version().catch(() => undefined);
  const reportCtx: ReportContext = {
    title: 'Terraform plan',
    tool: settings.tool,
    toolVersion: toolVersion?.version,
    commitSha: sha,
    commitUrl: sha ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/commit/${sha}` : undefined,
    runUrl: ctx.runId ? ctx.runUrl : undefined,
    unchangedModules,
  };
  const totals = { add: 0, change: 0, replace: 0, destroy: 0 };
  for (const m of done) {
    totals.add += m.summary!.counts.create;
    totals.change += m.summary!.counts.update;
    totals.replace += m.summary!.counts.replace;
    totals.destroy += m.summary!.counts.delete;
  }
  metrics.count('resources_to_add', totals.add);
  metrics.count('resources_to_change', totals.change);
  metrics.count('resources_to_replace', totals.replace);
  metrics.count('resources_to_destroy', totals.destroy);
  const errored = planned.filter((m) => m.status === 'error');
  metrics.count('modules_errored', errored.length);
  const hasChanges = done.some((m) => m.status === 'changes');
  const drift = done.some((m) => m.status === 'changes' || (m.summary?.drift.length ?? 0) > 0);

  let commentUrl: string | undefined;
  await metrics.phase('comment', async () => {
    await appendSummary(renderReport(planned, reportCtx, { limit: 1_000_000, measure: (t) => Buffer.byteLength(t) }));
    const digestMarkers = done.map((m) => `<!-- dataops-actions:plan-digest ${m.slug} ${m.digest} -->`).join('\n');
    const key = settings.commentKey || `${ctx.workflow}/${ctx.job}`;
    const guard = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        if (permissionDenied(err) && readOnlyTokenExpected(ctx, pr)) {
          core.warning(
            `Could not ${what}: this pull request's token is read-only (a fork or Dependabot). The plan is in the job summary. (${errorMessage(err)})`,
          );
        } else {
          core.error(`Could not ${what}: ${errorMessage(err)}${err instanceof ActionError && err.hint ? `\n${err.hint}` : ''}`);
          failures.push(`could not ${what}`);
        }
      }
    };
    if (settings.comment && pr) {
      const marker = commentMarker('plan', key);
      const budget = COMMENT_LIMIT - marker.length - digestMarkers.length - 4;
      const body = `${digestMarkers}\n${renderReport(planned, { ...reportCtx, summaryUrl: summaryLink(ctx.runUrl) }, { limit: budget })}`;
      await guard('comment on the pull request', async () => {
        const comment = await upsertStickyComment(api(), { owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number, kind: 'plan', key }, body);
        commentUrl = comment.url;
        core.info(`${comment.created ? 'Created' : 'Updated'} the plan comment: ${comment.url}`);
      });
    } else if (settings.comment) {
      core.info(`No pull request in this ${ctx.eventName || 'run'} event: the plan is in the job summary only.`);
    }
    if (settings.label && pr) {
      await guard('label the pull request', async () => {
        const { added, removed } = await applyPlanLabels(api(), { owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number }, outcomeOf(planned));
        core.info(`Labels: added ${added.join(', ') || 'none'}; removed ${removed.join(', ') || 'none'}`);
      });
    }
    if (settings.driftIssue && ctx.eventName === 'schedule' && errored.length === 0) {
      const title = `Terraform drift detected (${key})`;
      const body = renderReport(planned, { ...reportCtx, driftCheck: true, summaryUrl: summaryLink(ctx.runUrl) }, { limit: COMMENT_LIMIT - 200 });
      await guard('update the drift issue', async () => {
        const result = await syncDriftIssue(api(), { owner: ctx.owner, repo: ctx.repo, key }, drift, title, body);
        if (result.action !== 'none') core.info(`Drift issue ${result.action}: ${result.url}`);
      });
    }
  });

  if (errored.length)
    failures.unshift(`${errored.length} of ${planned.length} modules failed: ${errored.map((m) => `${m.relativeDir} (${m.error?.stage})`).join(', ')}`);
  const failure = failures.length
    ? new ActionError(failures.join('; '), {
        hint: errored.length ? "Each failed module's error output is in the log, the job summary and the pull request comment." : undefined,
      })
    : undefined;
  return { modules: planned, totals, hasChanges, drift, commentUrl, failure };
}

/** The `modules` output: one object per planned module. */
export function modulesOutput(modules: ModuleResult[]): string {
  return JSON.stringify(
    modules.map((m) => ({
      directory: m.relativeDir,
      workspace: m.workspace,
      status: m.status,
      add: m.summary?.counts.create ?? 0,
      change: m.summary?.counts.update ?? 0,
      replace: m.summary?.counts.replace ?? 0,
      destroy: m.summary?.counts.delete ?? 0,
      forget: m.summary?.counts.forget ?? 0,
      import: m.summary?.counts.import ?? 0,
      move: m.summary?.counts.move ?? 0,
      outputs: m.summary?.outputChanges.length ?? 0,
      drift: m.summary?.drift.length ?? 0,
      digest: m.digest ?? null,
      artifact: m.artifactName ?? null,
      planFile: m.planFile ?? null,
      planJson: m.planJson ?? null,
      error: m.error ? { stage: m.error.stage, output: m.error.output.slice(0, 4000) } : null,
    })),
  );
}

/** The `plan-digests` output: `{ "<module dir>": "sha256:…" }` for every module planned without error. */
export function digestsOutput(modules: ModuleResult[]): string {
  return JSON.stringify(Object.fromEntries(modules.filter((m) => m.digest).map((m) => [m.relativeDir, m.digest])));
}
