/**
 * Thin entrypoint: read and validate every input first (a bad one fails before any deployment is
 * created), run the core, set the outputs, and fail the step unless the SHA asked for is live and
 * healthy: a rolled-back deploy is not a green build.
 */
import { existsSync } from 'node:fs';
import * as core from '@actions/core';
import { runAction, type ActionContext } from '#shared/action.js';
import { getWebhookUrl } from '#shared/alerts.js';
import { ActionError, InputError } from '#shared/errors.js';
import { exactlyOneOf, getDuration, getEnum, getInteger, getLines, getPath, getRequired, getSecret, getString, runnerInput } from '#shared/inputs.js';
import { isOpenTofu, TOOL_NAMES } from '#shared/tool-name.js';
import { parseVarsInput, validateExtraArgs } from '#shared/terraform/settings.js';
import { parseCommand, requireCommand } from '#shared/deploy/command.js';
import { deployWithRollback, type DeployWithRollbackSettings, type StrategySettings } from '#shared/deploy/deploy-with-rollback.js';
import { parseBodyPattern, parseExpectedStatuses, parseHeaderLines, parseHealthUrl } from '#shared/deploy/http-probe.js';
import { parseCommitSha, parseEnvironmentName, parseOptionalBoolean } from '#shared/deploy/inputs.js';
import { STRATEGIES } from '#shared/deploy/strategy.js';
import { healthChecksJson } from '#shared/deploy/report.js';
import { closeAbandoned, OPEN_DEPLOYMENTS_STATE, parseOpenDeployments, stateTracker } from '#shared/deploy/abandoned.js';
import { ACTION_NAME, Inputs, Outputs, State } from './constants.js';

function positiveDuration(name: string, fallback: number): number {
  const ms = getDuration(name, fallback);
  if (ms <= 0) throw new InputError(name, runnerInput(name), 'a duration greater than zero');
  return ms;
}

function existingFile(name: string): string {
  const file = getPath(name, { mustStayInside: true });
  if (!existsSync(file)) throw new InputError(name, getString(name), 'an existing file in the workspace');
  return file;
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
  const varSecrets: string[] = [];
  if (strategyName === 'command') {
    strategy = {
      name: 'command',
      deploy: requireCommand(Inputs.DeployCommand, parseCommand(Inputs.DeployCommand, getString(Inputs.DeployCommand), cwd), 'with strategy: command'),
      rollback: parseCommand(Inputs.RollbackCommand, getString(Inputs.RollbackCommand), cwd),
      timeoutMs: positiveDuration(Inputs.DeployTimeout, 30 * 60_000),
    };
  } else {
    if (getString(Inputs.DeployCommand) || getString(Inputs.RollbackCommand)) {
      throw new ActionError(`Inputs '${Inputs.DeployCommand}' and '${Inputs.RollbackCommand}' are for strategy: command, not terraform`);
    }
    exactlyOneOf([Inputs.PlanFile, Inputs.PlanArtifact]);
    const planDigest = getString(Inputs.PlanDigest);
    if (planDigest && !/^sha256:[0-9a-f]{64}$/.test(planDigest))
      throw new InputError(Inputs.PlanDigest, planDigest, 'sha256: followed by 64 lowercase hexadecimal characters');
    const pullRequestNumber = getString(Inputs.PullRequest);
    strategy = {
      name: 'terraform',
      tool: isOpenTofu(getEnum(Inputs.TerraformTool, TOOL_NAMES, 'terraform')) ? 'tofu' : 'terraform',
      moduleDir: cwd,
      workspace: getString(Inputs.TerraformWorkspace) || 'default',
      planFile: getString(Inputs.PlanFile) ? getPath(Inputs.PlanFile, { mustStayInside: false }) : undefined,
      planArtifact: getString(Inputs.PlanArtifact) || undefined,
      planDigest: planDigest || undefined,
      pullRequest: pullRequestNumber ? getInteger(Inputs.PullRequest, { min: 1 }) : undefined,
      varFiles: getLines(Inputs.VarFiles),
      vars: parseVarsInput(Inputs.Vars, getSecret(Inputs.Vars)),
      backendConfig: getLines(Inputs.BackendConfig),
      initArgs: validateExtraArgs(Inputs.InitArgs, 'init', getLines(Inputs.InitArgs)),
      lockTimeoutMs: getDuration(Inputs.TerraformLockTimeout, 120_000),
      timeoutMs: positiveDuration(Inputs.DeployTimeout, 30 * 60_000),
    };
    if (strategy.planFile && !existsSync(strategy.planFile)) throw new InputError(Inputs.PlanFile, getString(Inputs.PlanFile), 'an existing saved plan file');
    // Variables often carry credentials: mask their values everywhere (string leaves of JSON too).
    for (const value of Object.values(strategy.vars)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (text.length >= 3) varSecrets.push(text);
    }
    varSecrets.forEach((value) => core.setSecret(value));
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
      dataTests: getString(Inputs.DataTests) ? existingFile(Inputs.DataTests) : undefined,
      timeoutMs,
    },
    verify: {
      observeForMs: getDuration(Inputs.ObserveFor, 5 * 60_000),
      intervalMs: positiveDuration(Inputs.Interval, 10_000),
      failureThreshold: getInteger(Inputs.FailureThreshold, { min: 1, max: 1000 }, 3),
      errorThreshold: getInteger(Inputs.ErrorThreshold, { min: 1, max: 1000 }, 4),
    },
    alertWebhookUrl,
    secrets: [token, alertWebhookUrl, ...Object.values(headers), ...varSecrets].filter((s) => s.length >= 3),
  };
}

async function main({ metrics }: ActionContext): Promise<void> {
  const settings = readInputs();
  const outcome = await deployWithRollback(settings, { metrics, track: stateTracker() });
  core.setOutput(Outputs.Result, outcome.result);
  core.setOutput(Outputs.DeploymentId, String(outcome.deploymentId));
  core.setOutput(Outputs.DeployedSha, outcome.deployedSha);
  core.setOutput(Outputs.RolledBackTo, outcome.rolledBackTo);
  core.setOutput(Outputs.RollbackDeploymentId, outcome.rollbackDeploymentId ? String(outcome.rollbackDeploymentId) : '');
  core.setOutput(Outputs.HealthChecks, healthChecksJson(outcome));
  core.setOutput(Outputs.StateBackupArtifact, outcome.artifacts.stateBackup ?? '');
  if (outcome.result !== 'deployed') throw new ActionError(outcome.message);
}

/** The post step: close deployments a cancelled or crashed main step left in progress. */
async function post(): Promise<void> {
  const open = parseOpenDeployments(core.getState(OPEN_DEPLOYMENTS_STATE));
  if (open.length === 0) return;
  const token = getSecret(Inputs.GitHubToken);
  const environment = parseEnvironmentName(Inputs.Environment, getRequired(Inputs.Environment));
  await closeAbandoned({ token, environment, ids: open });
}

export async function run(): Promise<void> {
  const isPost = core.getState(State.IsPost) === 'true';
  if (!isPost) core.saveState(State.IsPost, 'true');
  // Metrics describe the main step; the post step only cleans up.
  await runAction(ACTION_NAME, isPost ? post : main, { recordMetrics: !isPost });
}
