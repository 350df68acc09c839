/**
 * The drift issue of scheduled plans: one open issue per key (found by a hidden marker among the
 * open issues labelled `terraform:drift`), opened or updated while real infrastructure differs
 * from the code, and closed with a comment once a scheduled plan finds no drift again.
 */
import type { GitHubClient } from '../github.js';
import { explainGitHubError } from '../github.js';
import { commentMarker } from '../sticky-comment.js';

export const DRIFT_LABEL = { name: 'terraform:drift', color: 'd93f0b', description: 'Terraform: infrastructure differs from the code' };

export interface DriftIssueTarget {
  owner: string;
  repo: string;
  key: string;
}

export interface DriftIssueResult {
  action: 'opened' | 'updated' | 'closed' | 'none';
  number?: number;
  url?: string;
}

async function findDriftIssue(octokit: GitHubClient, target: DriftIssueTarget, marker: string) {
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
      owner: target.owner,
      repo: target.repo,
      state: 'open',
      labels: DRIFT_LABEL.name,
      per_page: 100,
    })) {
      const found = page.data.find((issue) => !issue.pull_request && issue.body?.startsWith(marker));
      if (found) return found;
    }
  } catch (err) {
    throw explainGitHubError(err, 'list the open drift issues');
  }
  return undefined;
}

/** Opens/updates the issue when `drifted`, closes an open one when not. `body` is the report markdown. */
export async function syncDriftIssue(
  octokit: GitHubClient,
  target: DriftIssueTarget,
  drifted: boolean,
  title: string,
  body: string,
): Promise<DriftIssueResult> {
  const marker = commentMarker('drift', target.key);
  const existing = await findDriftIssue(octokit, target, marker);
  const { owner, repo } = target;
  try {
    if (!drifted) {
      if (!existing) return { action: 'none' };
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: existing.number,
        body: `No drift any more: the latest scheduled plan matches the infrastructure.\n\n${body}`,
      });
      await octokit.rest.issues.update({ owner, repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' });
      return { action: 'closed', number: existing.number, url: existing.html_url };
    }
    const text = `${marker}\n${body}`;
    if (existing) {
      const { data } = await octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title, body: text });
      return { action: 'updated', number: data.number, url: data.html_url };
    }
    try {
      await octokit.rest.issues.createLabel({ owner, repo, ...DRIFT_LABEL });
    } catch (err) {
      if ((err as { status?: number }).status !== 422) throw err;
    }
    const { data } = await octokit.rest.issues.create({ owner, repo, title, body: text, labels: [DRIFT_LABEL.name] });
    return { action: 'opened', number: data.number, url: data.html_url };
  } catch (err) {
    throw explainGitHubError(err, `${drifted ? 'open or update' : 'close'} the drift issue`);
  }
}
