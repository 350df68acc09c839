/**
 * One pull request comment per (kind, key), found by a hidden marker and updated in place on every
 * run, so a PR never collects a new comment per push.
 */
import type { GitHubClient } from './github.js';
import { ActionError } from './errors.js';
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
  const existing = await findMarkedComment(octokit, target);
  const doing = `${existing ? 'update' : 'create'} the pull request comment`;
  let data: unknown;
  try {
    ({ data } = existing
      ? await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body: text })
      : await octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: text }));
  } catch (err) {
    throw explainGitHubError(err, doing);
  }
  if (isComment(data)) return { id: data.id, url: data.html_url, created: !existing };
  // A 2xx whose body was cut off or not JSON (octokit then hands back text): the write happened,
  // so the comment is found again by its marker rather than reported missing or written twice.
  const again = await findMarkedComment(octokit, target);
  if (!again) throw new ActionError(`GitHub accepted the request to ${doing} but its answer was unreadable, and the comment cannot be found`);
  return { id: again.id, url: again.html_url, created: !existing };
}

interface MarkedComment {
  id: number;
  html_url: string;
}

function isComment(value: unknown): value is MarkedComment & { body?: string | null } {
  const c = value as MarkedComment | null;
  return typeof c === 'object' && c !== null && typeof c.id === 'number' && typeof c.html_url === 'string';
}

/** The id of the marked comment, paginating through every comment on the PR. */
export async function findStickyComment(octokit: GitHubClient, target: StickyCommentTarget): Promise<number | undefined> {
  return (await findMarkedComment(octokit, target))?.id;
}

/**
 * Pages are read one by one (following the Link header) rather than with octokit.paginate, which
 * turns an empty or unreadable page into "no comments" and so into a duplicate comment: any page
 * that is not a list of comments is an error here.
 */
async function findMarkedComment(octokit: GitHubClient, target: StickyCommentTarget): Promise<MarkedComment | undefined> {
  const marker = commentMarker(target.kind, target.key);
  for (let page = 1; ; page++) {
    let answer;
    try {
      answer = await octokit.rest.issues.listComments({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: 100, page });
    } catch (err) {
      throw explainGitHubError(err, 'list the pull request comments');
    }
    const comments: unknown = answer.data;
    if (!Array.isArray(comments) || !comments.every(isComment)) {
      throw new ActionError(
        `GitHub's answer to listing the pull request comments (page ${page}) was cut off or is not a list of comments; not writing a second comment`,
      );
    }
    const found = comments.find((comment) => comment.body?.startsWith(marker));
    if (found) return { id: found.id, html_url: found.html_url };
    if (!/rel="next"/.test(answer.headers.link ?? '')) return undefined;
  }
}
