/**
 * Thin entrypoint: read every input first (a bad one fails before any side effect), run the data
 * tests with their reports, set the outputs, and fail the step per fail-on.
 */
import * as path from 'node:path';
import * as core from '@actions/core';
import { runAction, type ActionContext } from '#shared/action.js';
import { getWebhookUrl } from '#shared/alerts.js';
import { ActionError, InputError } from '#shared/errors.js';
import { getBoolean, getEnum, getInteger, getLines, getList, getPath, getSecret, getString, workspaceDir } from '#shared/inputs.js';
import type { DataTestsActionSettings } from '#shared/data-tests/action-run.js';
import { HISTORY_TABLE_FORMAT, parseHistoryTableName } from '#shared/data-tests/history-table-name.js';
import { isMemorySize } from '#shared/data-tests/model.js';
import { ACTION_NAME, Inputs, Outputs } from './constants.js';

function readInputs(): DataTestsActionSettings {
  const history = getEnum(Inputs.History, ['cache', 'path', 'table', 'none'] as const, 'cache');
  const historyPath = getString(Inputs.HistoryPath);
  if (history === 'path' && historyPath === '') throw new ActionError(`Input '${Inputs.HistoryPath}' is required when '${Inputs.History}' is path`);
  if (history !== 'path' && historyPath !== '') throw new InputError(Inputs.History, history, `path when '${Inputs.HistoryPath}' is set`);
  const historyTableText = getString(Inputs.HistoryTable);
  if (history === 'table' && historyTableText === '') throw new ActionError(`Input '${Inputs.HistoryTable}' is required when '${Inputs.History}' is table`);
  if (history !== 'table' && historyTableText !== '') throw new InputError(Inputs.History, history, `table when '${Inputs.HistoryTable}' is set`);
  // The source part is checked against the check file once it is loaded, still before any side effect.
  const historyTable = history === 'table' ? parseHistoryTableName(historyTableText) : undefined;
  if (history === 'table' && !historyTable) throw new InputError(Inputs.HistoryTable, historyTableText, HISTORY_TABLE_FORMAT);
  const memoryLimit = getString(Inputs.DuckDBMemoryLimit);
  if (memoryLimit !== '' && !isMemorySize(memoryLimit)) throw new InputError(Inputs.DuckDBMemoryLimit, memoryLimit, 'a size such as 512MB or 2GB');
  const reportPath = getString(Inputs.ReportPath);
  const junitPath = getString(Inputs.JUnitPath);
  return {
    configPath: getPath(Inputs.Config, { fallback: 'dataops-tests.yml' }),
    dbtSchemas: getLines(Inputs.DbtSchema).map((p) => getPath(Inputs.DbtSchema, {}, () => p)),
    datasets: getList(Inputs.Datasets),
    failOn: getEnum(Inputs.FailOn, ['error', 'warn', 'never'] as const, 'error'),
    junitPath: junitPath === '' ? undefined : getPath(Inputs.JUnitPath),
    reportPath: reportPath === '' ? path.join(process.env.RUNNER_TEMP || workspaceDir(), 'dataops-tests-report.json') : getPath(Inputs.ReportPath),
    comment: getBoolean(Inputs.Comment, false),
    token: getSecret(Inputs.GitHubToken),
    history,
    historyPath: history === 'path' ? getPath(Inputs.HistoryPath) : undefined,
    historyTable,
    defaultBranch: getString(Inputs.DefaultBranch) || undefined,
    sampleSize: getInteger(Inputs.SampleSize, { min: 0, max: 100 }, 5),
    duckdbMemoryLimit: memoryLimit || undefined,
    alertWebhookUrl: getWebhookUrl(Inputs.AlertWebhookUrl),
    // `fail` is the documented spelling; `error` matches fail-on's.
    alertOn: getEnum(Inputs.AlertOn, ['fail', 'error', 'warn'] as const, 'fail') === 'warn' ? 'warn' : 'error',
    workspace: workspaceDir(),
  };
}

async function main({ metrics }: ActionContext): Promise<void> {
  const settings = readInputs();
  const { runDataTestsAction } = await import('#shared/data-tests/action-run.js');
  const outcome = await runDataTestsAction(settings, metrics);
  const { counts, result } = outcome.report;
  core.setOutput(Outputs.Result, result);
  core.setOutput(Outputs.Passed, String(counts.passed));
  core.setOutput(Outputs.Failed, String(counts.failed));
  core.setOutput(Outputs.Warned, String(counts.warned));
  core.setOutput(Outputs.Errored, String(counts.errored));
  core.setOutput(Outputs.ReportPath, settings.reportPath);
  if (settings.junitPath) core.setOutput(Outputs.JUnitPath, settings.junitPath);
  if (outcome.commentUrl) core.setOutput(Outputs.CommentUrl, outcome.commentUrl);
  if (outcome.failure) throw new ActionError(outcome.failure);
}

export async function run(): Promise<void> {
  await runAction(ACTION_NAME, main);
}
