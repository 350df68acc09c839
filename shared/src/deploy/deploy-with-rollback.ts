/**
 * The deploy-with-rollback action's core: from validated settings, wire the GitHub Deployments
 * client, the strategy and the health checks, run the rollout, write the job summary and send the
 * alert. The entrypoint only reads inputs before and sets outputs after.
 */
import * as core from '@actions/core';
import { sendAlert } from '../alerts.js';
import { runContext } from '../context.js';
import { ActionError } from '../errors.js';
import { githubClient } from '../github.js';
import type { Metrics } from '../metrics.js';
import { appendSummary } from '../summary.js';
import type { CommandSpec } from './command.js';
import { commandHealthCheck } from './command-probe.js';
import { commandStrategy } from './command-strategy.js';
import { EnvironmentDeployments } from './deployments.js';
import type { HealthCheck } from './health.js';
import { httpHealthCheck, type HttpProbeSpec } from './http-probe.js';
import { alertFor, refusalMarkdown, summaryMarkdown } from './report.js';
import { EnvironmentBusyError, rollout, type RolloutOutcome, type RolloutSettings } from './rollout.js';
import type { DeployStrategy, DeployTarget } from './strategy.js';

export interface CommandStrategySettings {
  name: 'command';
  deploy: CommandSpec;
  rollback?: CommandSpec;
  timeoutMs: number;
}

export type StrategySettings = CommandStrategySettings;

export interface HealthSettings {
  http?: HttpProbeSpec;
  command?: CommandSpec;
  /** Per probe, for the command check (the HTTP check carries its own). */
  timeoutMs: number;
}

export interface DeployWithRollbackSettings extends RolloutSettings {
  environment: string;
  token: string;
  strategy: StrategySettings;
  health: HealthSettings;
  alertWebhookUrl: string;
  /** Values to mask in everything the commands print. */
  secrets: string[];
}

export function createStrategy(settings: StrategySettings, secrets: string[]): DeployStrategy {
  switch (settings.name) {
    case 'command':
      return commandStrategy({ deploy: settings.deploy, rollback: settings.rollback, timeoutMs: settings.timeoutMs, secrets });
  }
}

export function healthChecksFor(health: HealthSettings, secrets: string[]): (target: DeployTarget) => HealthCheck[] {
  return (target) => {
    const checks: HealthCheck[] = [];
    if (health.http) checks.push(httpHealthCheck(health.http));
    if (health.command) {
      checks.push(
        commandHealthCheck({
          command: health.command,
          timeoutMs: health.timeoutMs,
          env: { DEPLOY_SHA: target.sha, DEPLOY_ENVIRONMENT: target.environment, DEPLOYMENT_ID: String(target.deploymentId) },
          secrets,
        }),
      );
    }
    return checks;
  };
}

export async function deployWithRollback(settings: DeployWithRollbackSettings, { metrics }: { metrics: Metrics }): Promise<RolloutOutcome> {
  const ctx = runContext();
  const octokit = githubClient(settings.token);
  const deployments = new EnvironmentDeployments(octokit, { owner: ctx.owner, repo: ctx.repo }, settings.environment);
  const strategy = createStrategy(settings.strategy, settings.secrets);
  const healthChecks = healthChecksFor(settings.health, settings.secrets);
  if (!settings.health.http && !settings.health.command) {
    core.notice('No health check is configured (health-url, health-command): only a failing deploy triggers a rollback.');
  }

  let outcome: RolloutOutcome;
  try {
    outcome = await rollout(settings, {
      deployments,
      strategy,
      healthChecks,
      metrics,
      run: { runUrl: ctx.runUrl, runId: ctx.runId, runAttempt: ctx.runAttempt, workflow: ctx.workflow, actor: ctx.actor },
    });
  } catch (err) {
    if (err instanceof EnvironmentBusyError) {
      await appendSummary(refusalMarkdown(settings.environment, settings.sha, err.message));
      throw new ActionError(err.message, {
        hint: `Serialise deploys with \`concurrency: { group: deploy-${settings.environment}, cancel-in-progress: false }\`; a deployment stuck in progress stops blocking after lock-timeout.`,
      });
    }
    throw err;
  }

  await appendSummary(summaryMarkdown(outcome, strategy.name));
  const alert = alertFor(outcome, ctx.runUrl);
  if (alert) {
    if (settings.alertWebhookUrl) await sendAlert(settings.alertWebhookUrl, alert);
    else core.info('No alert-webhook-url: no alert sent.');
  }
  return outcome;
}
