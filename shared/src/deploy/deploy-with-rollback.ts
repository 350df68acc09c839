/**
 * The deploy-with-rollback action's core: from validated settings, wire the GitHub Deployments
 * client, the strategy and the health checks, run the rollout, write the job summary and send the
 * alert. The entrypoint only reads inputs before and sets outputs after.
 */
import * as core from '@actions/core';
import { sendAlert } from '../alerts.js';
import * as os from 'node:os';
import * as path from 'node:path';
import { pullRequest, runContext, type RunContext } from '../context.js';
import { githubClient, type GitHubClient } from '../github.js';
import { workspaceDir } from '../inputs.js';
import { moduleSlug } from '../terraform/artifacts.js';
import type { TerraformTool } from '../terraform/cli.js';
import type { Metrics } from '../metrics.js';
import { appendSummary } from '../summary.js';
import type { CommandSpec } from './command.js';
import { commandHealthCheck } from './command-probe.js';
import { dataTestsHealthCheck } from './data-tests-probe.js';
import { commandStrategy } from './command-strategy.js';
import { EnvironmentDeployments } from './deployments.js';
import type { HealthCheck } from './health.js';
import { httpHealthCheck, type HttpProbeSpec } from './http-probe.js';
import { digestFromDeploymentEvent, digestFromPullRequest } from './plan-source.js';
import { terraformStrategy } from './terraform-strategy.js';
import { alertFor, refusalMarkdown, summaryMarkdown } from './report.js';
import { RefusedError, rollout, type DeploymentTracker, type RolloutOutcome, type RolloutSettings } from './rollout.js';
import type { DeployStrategy, DeployTarget } from './strategy.js';

export interface CommandStrategySettings {
  name: 'command';
  deploy: CommandSpec;
  rollback?: CommandSpec;
  timeoutMs: number;
}

export interface TerraformStrategySettings {
  name: 'terraform';
  tool: TerraformTool;
  moduleDir: string;
  workspace: string;
  planFile?: string;
  planArtifact?: string;
  /** The plan-digest input. */
  planDigest?: string;
  /** The pull request whose plan comment records the digest (default: the event's). */
  pullRequest?: number;
  varFiles: string[];
  vars: Record<string, unknown>;
  backendConfig: string[];
  initArgs: string[];
  lockTimeoutMs: number;
  timeoutMs: number;
}

export type StrategySettings = CommandStrategySettings | TerraformStrategySettings;

export interface HealthSettings {
  http?: HttpProbeSpec;
  command?: CommandSpec;
  /** A run-data-tests check file (absolute), run once after the bake period. */
  dataTests?: string;
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

export function createStrategy(
  settings: StrategySettings,
  environment: string,
  secrets: string[],
  github: { octokit: GitHubClient; ctx: RunContext },
): DeployStrategy {
  switch (settings.name) {
    case 'command':
      return commandStrategy({ deploy: settings.deploy, rollback: settings.rollback, timeoutMs: settings.timeoutMs, secrets });
    case 'terraform': {
      const { octokit, ctx } = github;
      const slug = moduleSlug(path.relative(workspaceDir(), settings.moduleDir) || '.', settings.workspace);
      return terraformStrategy({
        ...settings,
        environment,
        secrets,
        tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
        expectedDigest: settings.planDigest ? { digest: settings.planDigest, source: 'the plan-digest input' } : undefined,
        findExpectedDigest: async () => {
          const pr = settings.pullRequest ?? pullRequest(ctx)?.number;
          const fromComment = pr ? await digestFromPullRequest(octokit, { owner: ctx.owner, repo: ctx.repo }, pr, slug) : undefined;
          return fromComment ?? digestFromDeploymentEvent(ctx.eventName, ctx.payload);
        },
      });
    }
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
    if (health.dataTests) {
      checks.push(
        dataTestsHealthCheck({
          configPath: health.dataTests,
          displayRoot: workspaceDir(),
          env: { DEPLOY_SHA: target.sha, DEPLOY_ENVIRONMENT: target.environment, DEPLOYMENT_ID: String(target.deploymentId) },
        }),
      );
    }
    return checks;
  };
}

export async function deployWithRollback(
  settings: DeployWithRollbackSettings,
  options: { metrics: Metrics; track?: DeploymentTracker },
): Promise<RolloutOutcome> {
  const { metrics } = options;
  const ctx = runContext();
  const octokit = githubClient(settings.token);
  const deployments = new EnvironmentDeployments(octokit, { owner: ctx.owner, repo: ctx.repo }, settings.environment);
  const strategy = createStrategy(settings.strategy, settings.environment, settings.secrets, { octokit, ctx });
  const healthChecks = healthChecksFor(settings.health, settings.secrets);
  if (!settings.health.http && !settings.health.command && !settings.health.dataTests) {
    core.notice('No health check is configured (health-url, health-command, data-tests): only a failing deploy triggers a rollback.');
  }

  let outcome: RolloutOutcome;
  try {
    outcome = await rollout(settings, {
      deployments,
      strategy,
      healthChecks,
      metrics,
      run: { runUrl: ctx.runUrl, runId: ctx.runId, runAttempt: ctx.runAttempt, workflow: ctx.workflow, actor: ctx.actor },
      track: options.track,
    });
  } catch (err) {
    if (err instanceof RefusedError) await appendSummary(refusalMarkdown(settings.environment, settings.sha, err.message));
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
