/**
 * One pull request comment per (kind, key), found by a hidden marker and updated in place on every
 * run, so a PR never collects a new comment per push.
 */
import type { GitHubClient } from './github.js';
import { explainGitHubError } from './github.js';
import { COMMENT_LIMIT, truncate } from './markdown.js';

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** What kind of comment (e.g. `plan`, `data-tests`); with the key it forms the marker. */
  kind: string;
  key: string;
}

export function commentMarker(kind: string, key: string): string {
  const safe = (s: string) => s.replace(/--+/g, '-').replace(/[<>\n\r]/g, '');
  return `<!-- dataops-actions:${safe(kind)}:${safe(key)} -->`;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  created: boolean;
}

/** Creates or updates the marked comment; `body` is cut to GitHub's limit with a pointer to `whereFull`. */
export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyCommentTarget,
  body: string,
  whereFull = 'see the job summary for the full text.',
): Promise<StickyCommentResult> {
  const marker = commentMarker(target.kind, target.key);
  const full = `${marker}\n${body}`;
  const text = truncate(full, COMMENT_LIMIT, whereFull);
  const existing = await findStickyComment(octokit, target);
  try {
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing, body: text });
      return { id: data.id, url: data.html_url, created: false };
    }
    const { data } = await octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: text });
    return { id: data.id, url: data.html_url, created: true };
  } catch (err) {
    throw explainGitHubError(err, `${existing ? 'update' : 'create'} the pull request comment`);
  }
}

/** The id of the marked comment, paginating through every comment on the PR. */
export async function findStickyComment(octokit: GitHubClient, target: StickyCommentTarget): Promise<number | undefined> {
  const marker = commentMarker(target.kind, target.key);
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100,
    })) {
      const found = page.data.find((comment) => comment.body?.startsWith(marker));
      if (found) return found.id;
    }
  } catch (err) {
    throw explainGitHubError(err, 'list the pull request comments');
  }
  return undefined;
}
