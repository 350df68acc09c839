/**
 * The run-data-tests action around the engine: history restored from (and saved to) the Actions
 * cache, a folder or a PostgreSQL table, the run itself, then every report from the one result:
 * log table, job summary, annotations, JUnit XML, JSON report and the optional sticky PR comment.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as core from '@actions/core';
import { sendAlert } from '../alerts.js';
import { ActionError, errorMessage } from '../errors.js';
import { runContext, pullRequest } from '../context.js';
import { githubClient, isPermissionError } from '../github.js';
import { infoUntrusted, logUntrusted } from '../log.js';
import type { Metrics } from '../metrics.js';
import { upsertStickyComment } from '../sticky-comment.js';
import { appendSummary, summaryLink } from '../summary.js';
import { displayPath, loadConfig } from './config.js';
import { FileHistory, localHistoryDir, restoreHistoryFromCache, saveHistoryToCache, type CacheScope, type HistoryStore } from './history.js';
import { tableHistoryFor, type TableHistory } from './history-table.js';
import type { HistoryTableName } from './history-table-name.js';
import { shouldFail, type DataTestReport, type FailOn } from './model.js';
import { annotateReport } from './reports/annotations.js';
import { reportText } from './reports/console.js';
import { headline } from './reports/format.js';
import { writeJsonReport } from './reports/json.js';
import { writeJUnit } from './reports/junit.js';
import { summaryMarkdown } from './reports/summary.js';
import { runConfig } from './runner.js';

export interface DataTestsActionSettings {
  configPath: string;
  dbtSchemas: string[];
  datasets: string[];
  failOn: FailOn;
  junitPath?: string;
  reportPath: string;
  comment: boolean;
  token: string;
  history: 'cache' | 'path' | 'table' | 'none';
  historyPath?: string;
  /** With history `table`: the table and the check file's source it lives in (checked against the check file here). */
  historyTable?: HistoryTableName;
  defaultBranch?: string;
  sampleSize: number;
  duckdbMemoryLimit?: string;
  /** '' for no alerts. */
  alertWebhookUrl: string;
  alertOn: 'error' | 'warn';
  workspace: string;
}

export interface DataTestsActionOutcome {
  report: DataTestReport;
  commentUrl?: string;
  /** Set when the step must fail (per fail-on), with the reason. */
  failure?: string;
}

const branchOf = (ref: string) => ref.replace(/^refs\/heads\//, '').replace(/^refs\/tags\//, 'tag:');

export async function runDataTestsAction(settings: DataTestsActionSettings, metrics: Metrics): Promise<DataTestsActionOutcome> {
  const ctx = runContext();
  const pr = pullRequest(ctx);
  const config = await metrics.phase('load-config', () =>
    loadConfig(settings.configPath, { dbtSchemas: settings.dbtSchemas, displayRoot: settings.workspace }),
  );
  for (const secret of config.secrets) core.setSecret(secret);
  const unknown = settings.datasets.filter((d) => !config.datasets.some((ds) => ds.name === d));
  if (unknown.length)
    throw new ActionError(`Input 'datasets' names ${unknown.join(', ')}, not in ${config.file} (datasets: ${config.datasets.map((d) => d.name).join(', ')})`);
  const selected = settings.datasets.length ? settings.datasets : config.datasets.map((d) => d.name);

  // History: restored before the run, saved after it (cache), or read and appended in place (path, table).
  let history: HistoryStore | undefined;
  let scope: CacheScope | undefined;
  let table: TableHistory | undefined;
  const branch = pr ? pr.headRef : branchOf(ctx.ref);
  const defaultBranch = settings.defaultBranch ?? (ctx.payload.repository as { default_branch?: string } | undefined)?.default_branch;
  if (settings.history === 'cache') {
    scope = {
      branch,
      defaultBranch,
      baseBranch: pr?.baseRef,
      runId: ctx.runId || String(Date.now()),
      runAttempt: ctx.runAttempt,
      configKey: createHash('sha256').update(displayPath(settings.configPath, settings.workspace)).digest('hex'),
    };
    const baselineDir = path.join(process.env.RUNNER_TEMP || localHistoryDir(), 'dataops-tests-baseline');
    const cacheScope = scope;
    const restored = await metrics.phase('history', () => restoreHistoryFromCache(selected, cacheScope, pr ? baselineDir : undefined));
    core.info(
      `History restored for ${restored.restored} of ${selected.length} dataset(s)${pr ? `; base branch ${pr.baseRef} baselines for ${restored.baselines}` : ''}`,
    );
    history = new FileHistory(localHistoryDir(), pr ? { baselineDir, baselineRef: pr.baseRef } : {});
  } else if (settings.history === 'path') {
    history = new FileHistory(settings.historyPath!);
  } else if (settings.history === 'table') {
    const name = settings.historyTable!;
    table = tableHistoryFor(config, name, "Input 'history-table'", { branch, defaultBranch, baseBranch: pr?.baseRef, warn: (m) => core.warning(m) });
    infoUntrusted(
      `History in table ${name.value}: branch ${branch}${defaultBranch && defaultBranch !== branch ? ` (starting from ${defaultBranch})` : ''}${pr ? `, baselines from ${pr.baseRef}` : ''}`,
    );
    history = table;
  }

  let report: DataTestReport;
  try {
    report = await runConfig(config, {
      displayRoot: settings.workspace,
      sampleSize: settings.sampleSize,
      history,
      datasets: settings.datasets.length ? settings.datasets : undefined,
      duckdb: { memoryLimit: settings.duckdbMemoryLimit, actionsCache: true, log: (m) => infoUntrusted(m) },
      metrics,
      mask: (s) => core.setSecret(s),
      run: { id: ctx.runId, sha: ctx.sha, ref: branch },
      onProgress: (e) => {
        if (e.type === 'dataset-start') infoUntrusted(`Testing ${e.dataset} (${e.index + 1}/${e.total})`);
      },
    });
  } finally {
    await table?.close();
  }
  if (table && !table.failed) infoUntrusted(`History saved for ${table.saved} dataset(s) in table ${settings.historyTable!.value}`);
  if (scope) {
    const cacheScope = scope;
    await metrics.phase('history', async () => {
      const saved = await saveHistoryToCache(selected, cacheScope);
      core.info(`History saved for ${saved} dataset(s)`);
    });
  }

  let commentUrl: string | undefined;
  let commentFailure: string | undefined;
  await metrics.phase('report', async () => {
    logUntrusted(reportText(report, { color: true }));
    annotateReport(report, (level, message, props) => (level === 'error' ? core.error(message, props) : core.warning(message, props)));
    await writeJsonReport(report, settings.reportPath);
    core.info(`JSON report: ${settings.reportPath}`);
    if (settings.junitPath) {
      await writeJUnit(report, settings.junitPath);
      core.info(`JUnit report: ${settings.junitPath}`);
    }
    await appendSummary(summaryMarkdown(report));
    if (settings.comment) {
      if (!pr) core.info('No pull request in this event: the results are in the job summary only.');
      else {
        try {
          const octokit = githubClient(settings.token);
          const body = summaryMarkdown(report, { compact: true, detailsUrl: summaryLink(ctx.runUrl) });
          const target = { owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number, kind: 'data-tests', key: config.file };
          const result = await upsertStickyComment(octokit, target, body, `see the [job summary](${summaryLink(ctx.runUrl)}) for the full report.`);
          commentUrl = result.url;
          core.info(`${result.created ? 'Created' : 'Updated'} the pull request comment: ${result.url}`);
        } catch (err) {
          // Forks and Dependabot get a read-only token by design: the summary has everything.
          const denied = isPermissionError(err) || isPermissionError((err as { cause?: unknown })?.cause);
          if (denied && (pr.fromFork || ctx.actor === 'dependabot[bot]')) {
            core.warning(
              `Could not comment on the pull request: this pull request's token is read-only (a fork or Dependabot). The results are in the job summary. (${errorMessage(err)})`,
            );
          } else {
            commentFailure = `Could not comment on the pull request: ${errorMessage(err)}${err instanceof ActionError && err.hint ? `\n${err.hint}` : ''}`;
          }
        }
      }
    }
  });

  if (settings.alertWebhookUrl && shouldFail(report.result, settings.alertOn)) await alert(settings.alertWebhookUrl, report, ctx.runUrl);

  const failures = [shouldFail(report.result, settings.failOn) ? `${headline(report)} (fail-on: ${settings.failOn})` : undefined, commentFailure].filter(
    (f): f is string => f !== undefined,
  );
  return { report, commentUrl, failure: failures.length ? failures.join('\n') : undefined };
}

/** The failing tests, one line each, to a chat webhook. Never throws (sendAlert warns instead). */
async function alert(webhookUrl: string, report: DataTestReport, runUrl: string): Promise<void> {
  const bad = report.datasets.flatMap((d) =>
    d.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status.toUpperCase()} ${d.name}: ${t.name}: ${t.message}`),
  );
  const shown = bad.slice(0, 15);
  await sendAlert(webhookUrl, {
    title: `${headline(report)} (${report.configFile})`,
    text: `${shown.join('\n')}${bad.length > shown.length ? `\n… and ${bad.length - shown.length} more` : ''}`,
    severity: report.result === 'fail' ? 'error' : 'warning',
    fields: { Failed: report.counts.failed, Errored: report.counts.errored, Warned: report.counts.warned, Passed: report.counts.passed },
    runUrl,
    action: 'run-data-tests',
  });
}
