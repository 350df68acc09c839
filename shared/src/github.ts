/**
 * The GitHub API client every action uses: the toolkit's octokit with retries and rate-limit
 * throttling, the API URL of the runner's GitHub (GHES included), and permission errors that say
 * which `permissions:` the workflow must grant.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import * as core from '@actions/core';
import { ActionError } from './errors.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/**
 * `mask: false` is for command-line tools outside GitHub Actions, where `::add-mask::` would print
 * the token to the terminal instead of hiding it.
 */
export function githubClient(token: string, options: { mask?: boolean } = {}): GitHubClient {
  if (!token) {
    throw new ActionError('No GitHub token: the github-token input is empty', {
      hint: 'Pass `github-token: ${{ github.token }}` (the default) or a token with the needed permissions.',
    });
  }
  if (options.mask !== false) core.setSecret(token);
  const retries = Number(process.env.DATAOPS_GITHUB_RETRIES ?? 3);
  return getOctokit(
    token,
    {
      baseUrl: (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
      request: { retries },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          core.warning(`GitHub rate limit hit for ${options.method} ${options.url}; retrying after ${retryAfter}s`);
          return retryCount < retries;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          core.warning(`GitHub secondary rate limit hit for ${options.method} ${options.url}; retrying after ${retryAfter}s`);
          return retryCount < retries;
        },
      },
    },
    retry,
    throttling,
  );
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/**
 * Turns an API error into a message the user can act on. A 403 (that is not a rate limit) means
 * the workflow's token lacks a permission; GitHub names the one it wanted in
 * `x-accepted-github-permissions`. (GitHub sends that header on many responses to app tokens,
 * so it alone does not make a 404 a permission problem.)
 */
export function explainGitHubError(err: unknown, doing: string): ActionError {
  const e = err as RequestErrorLike;
  if (isPermissionError(err)) {
    const accepted = e.response?.headers?.['x-accepted-github-permissions'];
    const need = accepted ? accepted.replace(/=/g, ': ').replace(/,\s*/g, ', ') : 'the permission for this API';
    return new ActionError(`GitHub refused to ${doing} (HTTP 403: ${e.message ?? 'forbidden'})`, {
      hint: `Grant the workflow's token \`permissions:\` ${need} (fork pull requests get a read-only token).`,
      cause: err,
    });
  }
  // GitHub's message may echo an unreadable body: one bounded line of it.
  const said = (e.message ?? String(err)).replace(/\s+/g, ' ').trim().slice(0, 300);
  return new ActionError(`GitHub API error while trying to ${doing}: ${e.status ? `HTTP ${e.status} ` : ''}${said}`, { cause: err });
}

/** A 403 that is about permissions, not an exhausted (primary or secondary) rate limit. */
export function isPermissionError(err: unknown): boolean {
  const e = err as RequestErrorLike;
  if (e?.status !== 403) return false;
  const headers = e.response?.headers ?? {};
  const rateLimited = headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(e.message ?? '');
  return !rateLimited;
}
