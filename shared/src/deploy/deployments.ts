/**
 * The GitHub Deployments lifecycle of one environment: create a deployment of a SHA with a payload,
 * post its statuses, find the last deployment whose latest status is `success` (newest first,
 * paginated), mark earlier active deployments `inactive`, and detect another deployment still in
 * progress. Every call needs the workflow permission `deployments: write`.
 */
import type { GitHubClient } from '../github.js';
import { explainGitHubError } from '../github.js';

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
   */
  async create(spec: NewDeployment): Promise<Deployment> {
    try {
      const { data, status } = await this.octokit.rest.repos.createDeployment({
        ...this.repository,
        ref: spec.sha,
        task: spec.task,
        environment: this.environment,
        description: shortDescription(spec.description),
        payload: spec.payload,
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        ...(spec.productionEnvironment === undefined ? {} : { production_environment: spec.productionEnvironment }),
      });
      if (status !== 201 || !('id' in data)) {
        throw new Error(`GitHub answered ${status} without creating a deployment: ${JSON.stringify(data).slice(0, 200)}`);
      }
      return toDeployment(data as ApiDeployment);
    } catch (err) {
      throw explainGitHubError(err, `create a deployment of ${shortSha(spec.sha)} to environment '${this.environment}'`);
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
      return latest ? { state: latest.state as DeploymentState, createdAt: latest.created_at, description: latest.description ?? '' } : undefined;
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
   */
  async findRunning(maxAgeMs: number, now = Date.now()): Promise<{ running?: RunningDeployment; stale?: RunningDeployment }> {
    for await (const deployment of this.newestFirst()) {
      const ageMs = now - Date.parse(deployment.createdAt);
      const status = await this.latestStatus(deployment.id);
      const state = status?.state ?? 'pending';
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
