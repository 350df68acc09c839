/**
 * Deploy, verify, and roll back to the last good deployment, recorded in GitHub Deployments.
 *
 * 1. refuse when another deployment of the environment is still running (younger than the lock);
 * 2. create a deployment of the SHA (payload: action, strategy, plan digest, run), `in_progress`;
 * 3. deploy with the strategy; 4. verify health over the bake period;
 * 5. success: `success` with the environment URL, earlier active deployments `inactive`;
 * 6. failure: mark it `failure`, find the newest earlier deployment whose latest status is
 *    `success`, and deploy that SHA again as a NEW deployment with its own statuses, verified the
 *    same way. The outcome is never green unless the SHA asked for is live and healthy.
 */
import * as core from '@actions/core';
import { ActionError, errorMessage } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { Deployment, DeploymentState, NewDeployment, RunningDeployment, StatusDetails } from './deployments.js';
import { shortSha } from './deployments.js';
import type { HealthCheck } from './health.js';
import { formatMs, logUntrusted } from '../log.js';
import { DeployFailedError, NothingAppliedError, type DeployStrategy, type DeployTarget, type StrategyArtifacts } from './strategy.js';
import { Timeline } from './timeline.js';
import { verifyHealth, type Clock, type VerifyResult } from './verify.js';

export type DeployResult = 'deployed' | 'rolled-back' | 'rollback-failed' | 'failed';

/** What rollout needs from GitHub Deployments (EnvironmentDeployments implements it). */
export interface DeploymentsApi {
  readonly environment: string;
  create(spec: NewDeployment): Promise<Deployment>;
  setStatus(deploymentId: number, state: DeploymentState, details?: StatusDetails): Promise<void>;
  findRunning(maxAgeMs: number, options?: { now?: number; ownRunUrl?: string }): Promise<{ running?: RunningDeployment; stale?: RunningDeployment }>;
  findLastSuccessful(options: { beforeId: number; skipSha?: string }): Promise<{ found?: Deployment; skippedSameSha: number; examined: number }>;
  markEarlierInactive(currentId: number, details?: StatusDetails): Promise<number[]>;
}

export interface RolloutSettings {
  sha: string;
  task: string;
  environmentUrl: string;
  lockTimeoutMs: number;
  productionEnvironment?: boolean;
  verify: { observeForMs: number; intervalMs: number; failureThreshold: number; errorThreshold: number };
}

export interface RunInfo {
  runUrl: string;
  runId: string;
  runAttempt: string;
  workflow: string;
  actor: string;
}

export interface RolloutDeps {
  deployments: DeploymentsApi;
  strategy: DeployStrategy;
  /** The health checks for a deployment (command checks see its SHA). */
  healthChecks: (target: DeployTarget) => HealthCheck[];
  metrics: Metrics;
  run: RunInfo;
  clock?: Clock;
  track?: DeploymentTracker;
}

export interface RolloutOutcome {
  result: DeployResult;
  /** One line: what happened. */
  message: string;
  environment: string;
  sha: string;
  deploymentId: number;
  /** The SHA live in the environment after this run, when known ('' after a failed rollback or no rollback). */
  deployedSha: string;
  rolledBackTo: string;
  rollbackDeploymentId?: number;
  /** Why the deploy of `sha` did not go live. */
  failure?: { phase: 'deploy' | 'verify'; reason: string };
  rollbackFailure?: { phase: 'rollback' | 'verify-rollback'; reason: string };
  health: { deploy?: VerifyResult; rollback?: VerifyResult };
  inactivated: number[];
  artifacts: StrategyArtifacts;
  timeline: Timeline;
  verifySettings: RolloutSettings['verify'];
}

/** The rollout refused to start (a busy environment, a plan that is not the reviewed one): nothing was changed. */
export class RefusedError extends ActionError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.name = 'RefusedError';
  }
}

/** The environment is held by another deployment. */
export class EnvironmentBusyError extends RefusedError {
  constructor(
    message: string,
    readonly running: RunningDeployment,
  ) {
    super(message, {
      hint: `Serialise deploys with \`concurrency: { group: deploy-${running.deployment.environment}, cancel-in-progress: false }\`; a deployment stuck in progress stops blocking after lock-timeout.`,
    });
    this.name = 'EnvironmentBusyError';
  }
}

/** Told when a deployment record opens (in_progress) and closes (final status), so a cancelled run can close it later. */
export interface DeploymentTracker {
  opened(deploymentId: number): void;
  closed(deploymentId: number): void;
}

export async function rollout(settings: RolloutSettings, deps: RolloutDeps): Promise<RolloutOutcome> {
  const { deployments, strategy, metrics, run } = deps;
  const environment = deployments.environment;
  const timeline = new Timeline(deps.clock);
  /** The four phases that are metrics phases (log groups with durations) as well as timeline entries. */
  const measured = <T>(name: 'deploy' | 'verify' | 'rollback' | 'verify-rollback', fn: () => Promise<T>, describe?: (r: T) => { ok?: boolean; note: string }) =>
    metrics.phase(name, () => timeline.phase(name, fn, describe));
  /** A verification phase is a failed phase (✗ in the log, ok: false in metrics) when the service is unhealthy. */
  const verifyPhase = async (name: 'verify' | 'verify-rollback', fn: () => Promise<VerifyResult>): Promise<VerifyResult> => {
    try {
      return await measured(
        name,
        async () => {
          const result = await fn();
          if (!result.passed) throw new UnhealthyError(result);
          return result;
        },
        (v) => ({ note: v.reason }),
      );
    } catch (err) {
      if (err instanceof UnhealthyError) return err.result;
      throw err;
    }
  };
  const artifacts: StrategyArtifacts = {};
  const keepArtifacts = (more: StrategyArtifacts | undefined) => Object.assign(artifacts, Object.fromEntries(Object.entries(more ?? {}).filter(([, v]) => v)));
  const status = async (id: number, state: DeploymentState, description: string, extra: StatusDetails = {}) => {
    await deployments.setStatus(id, state, { description, logUrl: run.runUrl, ...extra });
    if (state === 'in_progress') deps.track?.opened(id);
    else deps.track?.closed(id);
  };
  const payload = (extra: Record<string, unknown> = {}) => ({
    action: 'deploy-with-rollback',
    strategy: strategy.name,
    ...strategy.payload(),
    run: { id: run.runId, attempt: run.runAttempt, url: run.runUrl, workflow: run.workflow, actor: run.actor },
    ...extra,
  });

  // 1. The lock: refuse before changing anything.
  await timeline.phase(
    'lock-check',
    async () => {
      const { running, stale } = await deployments.findRunning(settings.lockTimeoutMs, { ownRunUrl: run.runUrl });
      if (stale) {
        core.warning(
          `Deployment ${stale.deployment.id} of ${shortSha(stale.deployment.sha)} to ${environment} has been '${stale.state}' for ${formatMs(stale.ageMs)}, longer than lock-timeout (${formatMs(settings.lockTimeoutMs)}): treating it as abandoned.`,
        );
      }
      if (running) {
        throw new EnvironmentBusyError(
          `Another deployment of environment '${environment}' is still ${running.state}: deployment ${running.deployment.id} of ${shortSha(running.deployment.sha)}, started ${formatMs(running.ageMs)} ago (lock-timeout ${formatMs(settings.lockTimeoutMs)}). Nothing was deployed.`,
          running,
        );
      }
      return stale;
    },
    (stale) => ({ note: stale ? `deployment ${stale.deployment.id} looks abandoned; proceeding` : 'no other deployment in progress' }),
  );
  await timeline.phase(
    'prepare',
    async () => {
      try {
        await strategy.prepare();
      } catch (err) {
        throw new RefusedError(errorMessage(err), { hint: err instanceof ActionError ? err.hint : undefined, cause: err });
      }
    },
    () => ({ note: `${strategy.name} strategy ready` }),
  );

  // 2. The deployment record.
  const deployment = await timeline.phase(
    'create-deployment',
    async () => {
      const created = await deployments.create({
        sha: settings.sha,
        task: settings.task,
        description: `Deploy ${shortSha(settings.sha)} to ${environment} (${strategy.name})`,
        payload: payload(),
        productionEnvironment: settings.productionEnvironment,
      });
      await status(created.id, 'in_progress', `Deploying ${shortSha(settings.sha)} with the ${strategy.name} strategy`);
      return created;
    },
    (d) => ({ note: `deployment ${d.id} of ${shortSha(settings.sha)}, in_progress` }),
  );
  const target: DeployTarget = { sha: settings.sha, environment, deploymentId: deployment.id };
  const outcome: RolloutOutcome = {
    result: 'failed',
    message: '',
    environment,
    sha: settings.sha,
    deploymentId: deployment.id,
    deployedSha: '',
    rolledBackTo: '',
    health: {},
    inactivated: [],
    artifacts,
    timeline,
    verifySettings: settings.verify,
  };

  // 3 + 4. Deploy, then verify.
  const deployError = await attempt(
    () =>
      measured(
        'deploy',
        () => strategy.deploy(target),
        (r) => ({ note: r.note }),
      ),
    keepArtifacts,
  );
  keepArtifacts(strategy.artifacts());
  if (deployError?.nothingApplied) {
    // Nothing moved (a stale plan, a lock never acquired): record it, and do not roll anything back.
    await status(deployment.id, 'error', `Nothing was applied: ${deployError.reason}`);
    outcome.failure = { phase: 'deploy', reason: deployError.reason };
    outcome.result = 'failed';
    outcome.message = `Deployment ${deployment.id} of ${shortSha(settings.sha)} to ${environment} did not change anything: ${deployError.reason}. No rollback was needed.`;
    return outcome;
  }
  if (deployError) outcome.failure = { phase: 'deploy', reason: deployError.reason };
  else {
    const verified = await verifyPhase('verify', () => verifyHealth(deps.healthChecks(target), verifyOptions(settings, metrics, deps.clock)));
    outcome.health.deploy = verified;
    if (!verified.passed) outcome.failure = { phase: 'verify', reason: verified.reason };
  }

  // 5. Success.
  if (!outcome.failure) {
    await status(deployment.id, 'success', `Deployed ${shortSha(settings.sha)}: ${outcome.health.deploy?.reason ?? 'healthy'}`, {
      environmentUrl: settings.environmentUrl || undefined,
    });
    outcome.inactivated = await markInactive(deployments, timeline, deployment.id, run.runUrl);
    outcome.result = 'deployed';
    outcome.deployedSha = settings.sha;
    outcome.message = `Deployed ${shortSha(settings.sha)} to ${environment} (deployment ${deployment.id}): ${outcome.health.deploy?.reason ?? 'healthy'}`;
    return outcome;
  }

  // 6. Failure: record it, then roll forward to the last good SHA.
  const failedWhy = `${outcome.failure.phase === 'deploy' ? 'deploy failed' : 'verification failed'}: ${outcome.failure.reason}`;
  core.error(`Deployment ${deployment.id} of ${shortSha(settings.sha)} to ${environment}: ${failedWhy}`);
  await status(deployment.id, 'failure', failedWhy);
  const lastGood = await timeline.phase(
    'find-last-good',
    () => deployments.findLastSuccessful({ beforeId: deployment.id, skipSha: settings.sha }),
    (r) => ({
      ok: !!r.found,
      note: r.found
        ? `deployment ${r.found.id} of ${shortSha(r.found.sha)}`
        : `none among ${r.examined} earlier deployment(s)${r.skippedSameSha ? ` (${r.skippedSameSha} successful one(s) of the same SHA passed over)` : ''}`,
    }),
  );
  if (!lastGood.found) {
    outcome.result = 'failed';
    outcome.message = `Deployment ${deployment.id} of ${shortSha(settings.sha)} to ${environment} failed (${failedWhy}) and there is no earlier successful deployment of ${environment} to roll back to: nothing was rolled back.`;
    return outcome;
  }

  const good = lastGood.found;
  metrics.count('rollbacks');
  outcome.rolledBackTo = good.sha;
  const rollbackDeployment = await timeline.phase(
    'create-rollback-deployment',
    async () => {
      const created = await deployments.create({
        sha: good.sha,
        task: settings.task,
        description: `Rollback of ${shortSha(settings.sha)} to ${shortSha(good.sha)} on ${environment}`,
        payload: payload({ rollback: { of: deployment.id, failedSha: settings.sha, to: good.id } }),
        productionEnvironment: settings.productionEnvironment,
      });
      await status(created.id, 'in_progress', `Rolling back to ${shortSha(good.sha)} (deployment ${good.id}) after ${outcome.failure!.phase} failed`);
      return created;
    },
    (d) => ({ note: `deployment ${d.id} of ${shortSha(good.sha)}, in_progress` }),
  );
  outcome.rollbackDeploymentId = rollbackDeployment.id;
  const rollbackTarget = { sha: good.sha, environment, deploymentId: rollbackDeployment.id, failedSha: settings.sha, failedDeploymentId: deployment.id };
  const rollbackError = await attempt(
    () =>
      measured(
        'rollback',
        () => strategy.rollback(rollbackTarget),
        (r) => ({ note: r.note }),
      ),
    keepArtifacts,
  );
  keepArtifacts(strategy.artifacts());
  if (rollbackError) outcome.rollbackFailure = { phase: 'rollback', reason: rollbackError.reason };
  else {
    const verified = await verifyPhase('verify-rollback', () => verifyHealth(deps.healthChecks(rollbackTarget), verifyOptions(settings, metrics, deps.clock)));
    outcome.health.rollback = verified;
    if (!verified.passed) outcome.rollbackFailure = { phase: 'verify-rollback', reason: verified.reason };
  }

  if (outcome.rollbackFailure) {
    const why = `${outcome.rollbackFailure.phase === 'rollback' ? 'rollback failed' : 'rolled-back version is unhealthy'}: ${outcome.rollbackFailure.reason}`;
    await status(rollbackDeployment.id, 'failure', why);
    outcome.result = 'rollback-failed';
    outcome.message = `ROLLBACK FAILED on ${environment}: deployment ${deployment.id} of ${shortSha(settings.sha)} failed (${failedWhy}), then the rollback to ${shortSha(good.sha)} (deployment ${rollbackDeployment.id}) failed too (${why}). The environment needs a person now.${artifacts.stateBackup ? ` State backup artifact: ${artifacts.stateBackup}.` : ''}`;
    return outcome;
  }
  await status(rollbackDeployment.id, 'success', `Rolled back to ${shortSha(good.sha)} after deployment ${deployment.id} of ${shortSha(settings.sha)} failed`, {
    environmentUrl: settings.environmentUrl || undefined,
  });
  outcome.inactivated = await markInactive(deployments, timeline, rollbackDeployment.id, run.runUrl);
  outcome.result = 'rolled-back';
  outcome.deployedSha = good.sha;
  outcome.message = `Deployment ${deployment.id} of ${shortSha(settings.sha)} to ${environment} failed (${failedWhy}); rolled back to ${shortSha(good.sha)} (deployment ${rollbackDeployment.id}), which is healthy.`;
  return outcome;
}

class UnhealthyError extends Error {
  constructor(readonly result: VerifyResult) {
    super(result.reason);
  }
}

/** Runs a deploy or rollback; returns why it failed, or undefined when it succeeded. */
async function attempt(
  fn: () => Promise<unknown>,
  keep: (a: StrategyArtifacts | undefined) => void,
): Promise<{ reason: string; nothingApplied: boolean } | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (err instanceof DeployFailedError) keep(err.artifacts);
    return { reason: errorMessage(err), nothingApplied: err instanceof NothingAppliedError };
  }
}

function verifyOptions(settings: RolloutSettings, metrics: Metrics, clock: Clock | undefined) {
  return {
    ...settings.verify,
    clock,
    onProbe: (probe: { check: string; round: number; outcome: string; latencyMs: number; detail: string }) => {
      metrics.count('health_probes');
      if (probe.outcome === 'failure') metrics.count('health_failures');
      if (probe.outcome === 'error') metrics.count('health_errors');
      // The detail quotes what the service or command said: printed inert (the runner also runs `##[cmd]` found mid-line).
      logUntrusted(`round ${probe.round} ${probe.check}: ${probe.outcome} in ${formatMs(probe.latencyMs)} — ${probe.detail}`);
    },
  };
}

async function markInactive(deployments: DeploymentsApi, timeline: Timeline, currentId: number, runUrl: string): Promise<number[]> {
  return timeline.phase(
    'mark-inactive',
    () => deployments.markEarlierInactive(currentId, { description: `Superseded by deployment ${currentId}`, logUrl: runUrl }),
    (ids) => ({ note: ids.length ? `${ids.length} earlier deployment(s) marked inactive` : 'no earlier active deployment' }),
  );
}
