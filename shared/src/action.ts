/**
 * The one top-level handler of every action: runs its main function with a metrics recorder, and
 * turns ANY thrown value or rejection into a failed step with the action's name in front, so
 * nothing passes green. Metrics are written whatever the outcome, then pushed to the Pushgateway
 * (`metrics-pushgateway-url` input) and exported over OTLP when configured; neither can fail the step.
 */
import * as core from '@actions/core';
import { ActionError, errorMessage } from './errors.js';
import { Metrics, finishMetrics } from './metrics.js';
import { exportMetrics, readExportSettings, type ExportSettings } from './metrics-export.js';
import { warnOnBranchRef } from './ref-warning.js';

export interface ActionContext {
  metrics: Metrics;
}

export async function runAction(actionName: string, main: (ctx: ActionContext) => Promise<void>, options: { recordMetrics?: boolean } = {}): Promise<void> {
  const metrics = new Metrics(actionName);
  const fail = (err: unknown) => {
    metrics.outcome = 'failure';
    const message = `${actionName}: ${errorMessage(err)}`;
    const hint = err instanceof ActionError ? err.hint : undefined;
    core.setFailed(hint ? `${message}\n${hint}` : message);
    if (err instanceof Error && err.stack && !(err instanceof ActionError)) core.debug(err.stack);
  };
  // A promise nobody awaited must still fail the step rather than vanish.
  process.on('unhandledRejection', fail);
  warnOnBranchRef(actionName);
  const recordMetrics = options.recordMetrics !== false;
  let exportSettings: ExportSettings | undefined;
  try {
    // Like any input, a malformed Pushgateway URL fails the step before the action does anything.
    if (recordMetrics) exportSettings = readExportSettings();
    await main({ metrics });
  } catch (err) {
    fail(err);
  }
  // A step may also have failed without throwing (core.setFailed after reporting every module).
  if (process.exitCode === 1) metrics.outcome = 'failure';
  if (recordMetrics) await exportMetrics(finishMetrics(metrics), exportSettings);
}
