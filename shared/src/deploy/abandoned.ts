/**
 * Deployments left open by a run that never finished (cancelled, timed out, runner lost): the main
 * step records each deployment it opens and closes in the step's state; the post step, which
 * GitHub runs even after a cancellation, marks any still `in_progress` as `error`. Without it the
 * environment would look busy to the next deploy until lock-timeout.
 */
import * as core from '@actions/core';
import { runContext } from '../context.js';
import { errorMessage } from '../errors.js';
import { githubClient } from '../github.js';
import type { DeploymentStatusSummary, StatusDetails } from './deployments.js';
import { EnvironmentDeployments, RUNNING_STATES } from './deployments.js';
import type { DeploymentTracker } from './rollout.js';

export const OPEN_DEPLOYMENTS_STATE = 'openDeployments';

/** A tracker that keeps the open deployment ids in the step state (written at once, so a killed step still leaves them). */
export function stateTracker(save: (name: string, value: string) => void = core.saveState): DeploymentTracker {
  const open = new Set<number>();
  const write = () => save(OPEN_DEPLOYMENTS_STATE, JSON.stringify([...open]));
  return {
    opened(id) {
      open.add(id);
      write();
    },
    closed(id) {
      if (open.delete(id)) write();
    },
  };
}

export function parseOpenDeployments(state: string): number[] {
  try {
    const ids = JSON.parse(state || '[]') as unknown;
    return Array.isArray(ids) ? ids.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}

interface StatusApi {
  latestStatus(deploymentId: number): Promise<DeploymentStatusSummary | undefined>;
  setStatus(deploymentId: number, state: 'error', details?: StatusDetails): Promise<void>;
}

/** Marks the deployments still running as `error`. Never throws: returns the ids closed, warns about the rest. */
export async function closeAbandonedDeployments(api: StatusApi, ids: number[], runUrl: string): Promise<number[]> {
  const closed: number[] = [];
  for (const id of ids) {
    try {
      const latest = await api.latestStatus(id);
      if (latest && !RUNNING_STATES.includes(latest.state)) continue;
      await api.setStatus(id, 'error', {
        description: 'The workflow run ended before this deployment finished (cancelled, timed out or crashed)',
        logUrl: runUrl,
      });
      closed.push(id);
      core.warning(`Deployment ${id} was left in progress by the main step; marked it 'error' so the environment is not held until lock-timeout.`);
    } catch (err) {
      core.warning(`Could not close deployment ${id}: ${errorMessage(err)}`);
    }
  }
  return closed;
}

/** The post step's work: close this run's open deployments of `environment`. */
export async function closeAbandoned(options: { token: string; environment: string; ids: number[] }): Promise<number[]> {
  const ctx = runContext();
  const deployments = new EnvironmentDeployments(githubClient(options.token), { owner: ctx.owner, repo: ctx.repo }, options.environment);
  return closeAbandonedDeployments(deployments, options.ids, ctx.runUrl);
}
