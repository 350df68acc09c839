/**
 * The workflow run's context, read from the runner's environment when asked (never at import time).
 */
import { readFileSync } from 'node:fs';
import { ActionError } from './errors.js';

export interface RunContext {
  owner: string;
  repo: string;
  eventName: string;
  sha: string;
  ref: string;
  workflow: string;
  job: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
  apiUrl: string;
  actor: string;
  /** Link to this run's log, for comments and deployment statuses. */
  runUrl: string;
  payload: Record<string, unknown>;
}

export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '');
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    } catch (err) {
      throw new ActionError(`Cannot read the event payload at ${env.GITHUB_EVENT_PATH}: ${(err as Error).message}`);
    }
  }
  const runId = env.GITHUB_RUN_ID ?? '';
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    actor: env.GITHUB_ACTOR ?? '',
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
    payload,
  };
}

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  headRef: string;
  /** True when the PR comes from a fork: its token is read-only. */
  fromFork: boolean;
}

/** The pull request of a pull_request / pull_request_target event, if any. */
export function pullRequest(ctx: RunContext): PullRequestInfo | undefined {
  const pr = ctx.payload.pull_request as
    | {
        number: number;
        head: { sha: string; ref: string; repo?: { full_name?: string } | null };
        base: { sha: string; ref: string; repo?: { full_name?: string } };
      }
    | undefined;
  if (!pr || typeof pr.number !== 'number') return undefined;
  return {
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    headRef: pr.head.ref,
    fromFork: !!pr.head.repo?.full_name && pr.head.repo.full_name !== pr.base.repo?.full_name,
  };
}
