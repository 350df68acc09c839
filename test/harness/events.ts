/**
 * Realistic webhook payloads for GITHUB_EVENT_PATH, taken from @octokit/webhooks-examples (real
 * payloads GitHub sent) with the repository, numbers and SHAs a test needs put in.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Array<Record<string, any>> }>;

function example(name: string, action?: string): Record<string, any> {
  const group = examples.find((e) => e.name === name);
  const found = group?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`no webhook example for ${name}/${action}`);
  return structuredClone(found);
}

export const DEFAULT_REPO = { owner: 'octo-org', repo: 'data-platform' };

function retarget(payload: Record<string, any>, owner: string, repo: string): void {
  payload.repository.name = repo;
  payload.repository.full_name = `${owner}/${repo}`;
  payload.repository.owner.login = owner;
}

export interface PullRequestEventOptions {
  owner?: string;
  repo?: string;
  number?: number;
  headSha?: string;
  baseSha?: string;
  headRef?: string;
  baseRef?: string;
  /** The head branch lives in another repository (a fork): GitHub gives such runs a read-only token. */
  fork?: boolean;
  action?: 'opened' | 'synchronize';
}

export function pullRequestEvent(options: PullRequestEventOptions = {}): Record<string, any> {
  const { owner = DEFAULT_REPO.owner, repo = DEFAULT_REPO.repo, number = 7, action = 'synchronize' } = options;
  const payload = example('pull_request', action);
  retarget(payload, owner, repo);
  payload.number = number;
  const pr = payload.pull_request;
  pr.number = number;
  pr.head.sha = options.headSha ?? 'a'.repeat(40);
  pr.head.ref = options.headRef ?? 'feature/orders';
  pr.base.sha = options.baseSha ?? 'b'.repeat(40);
  pr.base.ref = options.baseRef ?? 'main';
  pr.base.repo.full_name = `${owner}/${repo}`;
  pr.head.repo.full_name = options.fork ? `contributor/${repo}` : `${owner}/${repo}`;
  return payload;
}

export function pushEvent(options: { owner?: string; repo?: string; sha?: string; ref?: string } = {}): Record<string, any> {
  const { owner = DEFAULT_REPO.owner, repo = DEFAULT_REPO.repo } = options;
  const payload = example('push');
  retarget(payload, owner, repo);
  payload.ref = options.ref ?? 'refs/heads/main';
  payload.after = options.sha ?? 'c'.repeat(40);
  return payload;
}
