/**
 * Thin entrypoint: read and validate every input first (a bad one fails before any deployment is
 * created), run the core, set the outputs, and fail the step unless the SHA asked for is live and
 * healthy: a rolled-back deploy is not a green build.
 */
import * as core from '@actions/core';
import { runAction, type ActionContext } from '#shared/action.js';
import { getWebhookUrl } from '#shared/alerts.js';
import { ActionError, InputError } from '#shared/errors.js';
import { getDuration, getEnum, getInteger, getPath, getRequired, getSecret, getString, runnerInput } from '#shared/inputs.js';
import { parseCommand, requireCommand } from '#shared/deploy/command.js';
import { deployWithRollback, type DeployWithRollbackSettings, type StrategySettings } from '#shared/deploy/deploy-with-rollback.js';
import { parseBodyPattern, parseExpectedStatuses, parseHeaderLines, parseHealthUrl } from '#shared/deploy/http-probe.js';
import { parseCommitSha, parseEnvironmentName, parseOptionalBoolean } from '#shared/deploy/inputs.js';
import { STRATEGIES } from '#shared/deploy/strategy.js';
import { healthChecksJson } from '#shared/deploy/report.js';
import { ACTION_NAME, Inputs, Outputs } from './constants.js';

function positiveDuration(name: string, fallback: number): number {
  const ms = getDuration(name, fallback);
  if (ms <= 0) throw new InputError(name, runnerInput(name), 'a duration greater than zero');
  return ms;
}

function readInputs(): DeployWithRollbackSettings {
  const token = getSecret(Inputs.GitHubToken);
  const alertWebhookUrl = getWebhookUrl(Inputs.AlertWebhookUrl);
  const headers = parseHeaderLines(Inputs.HealthHeaders, getSecret(Inputs.HealthHeaders));
  for (const value of Object.values(headers)) if (value) core.setSecret(value);
  const environment = parseEnvironmentName(Inputs.Environment, getRequired(Inputs.Environment));
  const sha = parseCommitSha(Inputs.Ref, getRequired(Inputs.Ref));
  const cwd = getPath(Inputs.WorkingDirectory, { fallback: '.' });
  const strategyName = getEnum(Inputs.Strategy, STRATEGIES, 'command');
  const timeoutMs = positiveDuration(Inputs.Timeout, 10_000);

  let strategy: StrategySettings;
  if (strategyName === 'command') {
    strategy = {
      name: 'command',
      deploy: requireCommand(Inputs.DeployCommand, parseCommand(Inputs.DeployCommand, getString(Inputs.DeployCommand), cwd), 'with strategy: command'),
      rollback: parseCommand(Inputs.RollbackCommand, getString(Inputs.RollbackCommand), cwd),
      timeoutMs: positiveDuration(Inputs.DeployTimeout, 30 * 60_000),
    };
  } else {
    throw new ActionError(`Input '${Inputs.Strategy}': the terraform strategy is not available in this build yet`);
  }

  const healthUrl = getString(Inputs.HealthUrl);
  if (!healthUrl && Object.keys(headers).length) throw new ActionError(`Input '${Inputs.HealthHeaders}' is set but '${Inputs.HealthUrl}' is not`);
  return {
    environment,
    sha,
    token,
    task: getString(Inputs.Task) || 'deploy',
    environmentUrl: getString(Inputs.EnvironmentUrl) ? parseHealthUrl(Inputs.EnvironmentUrl, getString(Inputs.EnvironmentUrl)) : '',
    productionEnvironment: parseOptionalBoolean(Inputs.ProductionEnvironment, getString(Inputs.ProductionEnvironment)),
    lockTimeoutMs: getDuration(Inputs.LockTimeout, 30 * 60_000),
    strategy,
    health: {
      http: healthUrl
        ? {
            url: parseHealthUrl(Inputs.HealthUrl, healthUrl),
            expectedStatuses: parseExpectedStatuses(Inputs.HealthExpectedStatus, getString(Inputs.HealthExpectedStatus) || '200'),
            bodyPattern: parseBodyPattern(Inputs.HealthBodyRegex, getString(Inputs.HealthBodyRegex)),
            headers,
            timeoutMs,
          }
        : undefined,
      command: parseCommand(Inputs.HealthCommand, getString(Inputs.HealthCommand), cwd),
      timeoutMs,
    },
    verify: {
      observeForMs: getDuration(Inputs.ObserveFor, 5 * 60_000),
      intervalMs: positiveDuration(Inputs.Interval, 10_000),
      failureThreshold: getInteger(Inputs.FailureThreshold, { min: 1, max: 1000 }, 3),
      errorThreshold: getInteger(Inputs.ErrorThreshold, { min: 1, max: 1000 }, 4),
    },
    alertWebhookUrl,
    secrets: [token, alertWebhookUrl, ...Object.values(headers)].filter((s) => s.length >= 3),
  };
}

async function main({ metrics }: ActionContext): Promise<void> {
  const settings = readInputs();
  const outcome = await deployWithRollback(settings, { metrics });
  core.setOutput(Outputs.Result, outcome.result);
  core.setOutput(Outputs.DeploymentId, String(outcome.deploymentId));
  core.setOutput(Outputs.DeployedSha, outcome.deployedSha);
  core.setOutput(Outputs.RolledBackTo, outcome.rolledBackTo);
  core.setOutput(Outputs.RollbackDeploymentId, outcome.rollbackDeploymentId ? String(outcome.rollbackDeploymentId) : '');
  core.setOutput(Outputs.HealthChecks, healthChecksJson(outcome));
  core.setOutput(Outputs.StateBackupArtifact, outcome.artifacts.stateBackup ?? '');
  if (outcome.result !== 'deployed') throw new ActionError(outcome.message);
}

export async function run(): Promise<void> {
  await runAction(ACTION_NAME, main);
}
