/**
 * The GitHub Deployments lifecycle of one environment: create a deployment of a SHA with a payload,
 * post its statuses, find the last deployment whose latest status is `success` (newest first,
 * paginated), mark earlier active deployments `inactive`, and detect another deployment still in
 * progress. Every call needs the workflow permission `deployments: write`.
 */
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { ActionError, errorMessage } from '../errors.js';
import type { GitHubClient } from '../github.js';
import { explainGitHubError } from '../github.js';
import { sleep } from '../timers.js';

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

/** States in which a deployment is still running (it holds the environment's lock). */
export const RUNNING_STATES: readonly DeploymentState[] = ['in_progress', 'queued', 'pending'];

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  createdAt: string;
  payload: unknown;
}

export interface DeploymentStatusSummary {
  state: DeploymentState;
  createdAt: string;
  description: string;
  /** Where the status links to (log_url, else target_url): a workflow run for Actions deployments. */
  logUrl: string;
}

export interface StatusDetails {
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
}

export interface NewDeployment {
  sha: string;
  task: string;
  description: string;
  payload: Record<string, unknown>;
  /** Unset lets GitHub decide (environments named `production` are production). */
  productionEnvironment?: boolean;
}

/** GitHub rejects status descriptions longer than this. */
export const DESCRIPTION_LIMIT = 140;

export function shortDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= DESCRIPTION_LIMIT ? oneLine : `${oneLine.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

interface ApiDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  created_at: string;
  payload: unknown;
}

function isDeployment(data: unknown): data is ApiDeployment {
  return typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'number' && typeof (data as { sha?: unknown }).sha === 'string';
}

/** No answer, or a server error: GitHub may or may not have done it. A 4xx means it refused. */
function outcomeUnknown(err: unknown): boolean {
  const status = (err as { status?: number }).status;
  return status === undefined || status >= 500 || status === 408;
}

function toDeployment(d: ApiDeployment): Deployment {
  return { id: d.id, sha: d.sha, ref: d.ref, environment: d.environment, task: d.task, createdAt: d.created_at, payload: d.payload };
}

export class EnvironmentDeployments {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly repository: { owner: string; repo: string },
    readonly environment: string,
  ) {}

  /**
   * A deployment of exactly this SHA: `auto_merge` off (a SHA is deployed as is, never merged
   * with the default branch) and no required commit-status contexts (the workflow's own `needs:`
   * are the gate; GitHub would otherwise refuse a rollback to a SHA whose statuses are old).
   *
   * Creating is not idempotent, so it is never retried blindly: the payload carries a random
   * `requestId`, and when the outcome is unknown (connection dropped, 5xx, an unreadable answer)
   * the deployments of the SHA are searched for it before trying again. No duplicate, and none
   * left without a status to hold the environment.
   */
  async create(spec: NewDeployment): Promise<Deployment> {
    const doing = `create a deployment of ${shortSha(spec.sha)} to environment '${this.environment}'`;
    const requestId = randomUUID();
    const attempts = Number(process.env.DATAOPS_GITHUB_RETRIES ?? 3) + 1;
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        const { data, status } = await this.octokit.rest.repos.createDeployment({
          ...this.repository,
          ref: spec.sha,
          task: spec.task,
          environment: this.environment,
          description: shortDescription(spec.description),
          payload: { ...spec.payload, requestId },
          auto_merge: false,
          required_contexts: [],
          transient_environment: false,
          ...(spec.productionEnvironment === undefined ? {} : { production_environment: spec.productionEnvironment }),
          request: { retries: 0 },
        });
        if (status === 201 && isDeployment(data)) return toDeployment(data);
        if (status === 202) throw new ActionError(`GitHub did not create the deployment (HTTP 202): ${JSON.stringify(data).slice(0, 200)}`);
        failure = new Error(`GitHub answered HTTP ${status} with an unreadable deployment`);
      } catch (err) {
        if (err instanceof ActionError || !outcomeUnknown(err)) throw explainGitHubError(err, doing);
        failure = err;
      }
      const created = await this.findByRequestId(spec.sha, requestId);
      if (created) return created;
      if (attempt >= attempts) throw explainGitHubError(failure, doing);
      const delay = Number(process.env.DATAOPS_RETRY_BASE_MS ?? 500) * 2 ** (attempt - 1);
      core.info(`Creating the deployment failed (${errorMessage(failure)}) and it was not created; retry ${attempt}/${attempts - 1} in ${delay} ms`);
      await sleep(delay);
    }
  }

  /** The deployment of `sha` whose payload carries `requestId`, if GitHub created it. */
  private async findByRequestId(sha: string, requestId: string): Promise<Deployment | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.listDeployments({ ...this.repository, sha, environment: this.environment, per_page: 100 });
      const found = data.find((d) => typeof d.payload === 'object' && d.payload !== null && (d.payload as { requestId?: unknown }).requestId === requestId);
      return found ? toDeployment(found as ApiDeployment) : undefined;
    } catch (err) {
      throw explainGitHubError(err, `check whether the deployment of ${shortSha(sha)} was created`);
    }
  }

  async setStatus(deploymentId: number, state: DeploymentState, details: StatusDetails = {}): Promise<void> {
    try {
      await this.octokit.rest.repos.createDeploymentStatus({
        ...this.repository,
        deployment_id: deploymentId,
        state,
        description: shortDescription(details.description ?? ''),
        ...(details.logUrl ? { log_url: details.logUrl } : {}),
        ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
        // Earlier deployments are marked inactive explicitly (see markEarlierInactive): GitHub's
        // automatic inactivation does not cover production environments.
        ...(state === 'success' ? { auto_inactive: false } : {}),
      });
    } catch (err) {
      throw explainGitHubError(err, `set deployment ${deploymentId} to '${state}'`);
    }
  }

  /** The newest status of a deployment; undefined when it has none yet. */
  async latestStatus(deploymentId: number): Promise<DeploymentStatusSummary | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.listDeploymentStatuses({ ...this.repository, deployment_id: deploymentId, per_page: 1 });
      const latest = data[0];
      return latest
        ? {
            state: latest.state as DeploymentState,
            createdAt: latest.created_at,
            description: latest.description ?? '',
            logUrl: latest.log_url || latest.target_url || '',
          }
        : undefined;
    } catch (err) {
      throw explainGitHubError(err, `read the statuses of deployment ${deploymentId}`);
    }
  }

  /** Every deployment of the environment, newest first, one page at a time. */
  async *newestFirst(): AsyncGenerator<Deployment> {
    const pages = this.octokit.paginate.iterator(this.octokit.rest.repos.listDeployments, {
      ...this.repository,
      environment: this.environment,
      per_page: 100,
    });
    try {
      for await (const page of pages) {
        for (const d of page.data) yield toDeployment(d as ApiDeployment);
      }
    } catch (err) {
      throw explainGitHubError(err, `list the deployments of environment '${this.environment}'`);
    }
  }

  /**
   * Another deployment of this environment still running (no final status) and started less than
   * `maxAgeMs` ago: it holds the environment. The newest older one still running is returned as
   * `stale` (its run most likely died) so the caller can say so; older deployments cannot hold the lock.
   * Deployments whose status links to `ownRunUrl` are this workflow run's own and never hold it.
   */
  async findRunning(maxAgeMs: number, options: { now?: number; ownRunUrl?: string } = {}): Promise<{ running?: RunningDeployment; stale?: RunningDeployment }> {
    const now = options.now ?? Date.now();
    for await (const deployment of this.newestFirst()) {
      const ageMs = now - Date.parse(deployment.createdAt);
      const status = await this.latestStatus(deployment.id);
      const state = status?.state ?? 'pending';
      // The deployment GitHub itself opens for a job with `environment:` belongs to this very run.
      if (options.ownRunUrl && status?.logUrl && (status.logUrl === options.ownRunUrl || status.logUrl.startsWith(`${options.ownRunUrl}/`))) continue;
      const entry: RunningDeployment = { deployment, state, ageMs };
      if (ageMs <= maxAgeMs) {
        if (RUNNING_STATES.includes(state)) return { running: entry };
        continue;
      }
      return RUNNING_STATES.includes(state) ? { stale: entry } : {};
    }
    return {};
  }

  /**
   * The newest deployment (older than `beforeId`) whose latest status is `success`. Deployments of
   * `skipSha` are passed over: redeploying the very commit that just failed would not roll anything back.
   */
  async findLastSuccessful(options: { beforeId: number; skipSha?: string }): Promise<{ found?: Deployment; skippedSameSha: number; examined: number }> {
    let skippedSameSha = 0;
    let examined = 0;
    for await (const deployment of this.newestFirst()) {
      if (deployment.id >= options.beforeId) continue;
      examined++;
      const status = await this.latestStatus(deployment.id);
      if (status?.state !== 'success') continue;
      if (options.skipSha && deployment.sha === options.skipSha) {
        skippedSameSha++;
        continue;
      }
      return { found: deployment, skippedSameSha, examined };
    }
    return { skippedSameSha, examined };
  }

  /**
   * Marks every earlier deployment of the environment whose latest status is `success` as
   * `inactive`, paginating through all of them. Returns the ids marked.
   */
  async markEarlierInactive(currentId: number, details: StatusDetails = {}): Promise<number[]> {
    const marked: number[] = [];
    for await (const deployment of this.newestFirst()) {
      if (deployment.id >= currentId) continue;
      const status = await this.latestStatus(deployment.id);
      if (status?.state !== 'success') continue;
      await this.setStatus(deployment.id, 'inactive', details);
      marked.push(deployment.id);
    }
    return marked;
  }
}

export interface RunningDeployment {
  deployment: Deployment;
  /** Its latest status (`pending` when it has none yet). */
  state: DeploymentState;
  /** Milliseconds since the deployment was created. */
  ageMs: number;
}
