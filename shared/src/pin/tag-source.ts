/**
 * Tags of action repositories through the GitHub REST API: a tag's commit (`git/get-ref`, annotated
 * tags peeled with `git/get-tag`), the tags under a prefix (`git/list-matching-refs`), and errors
 * that say what to do (an unknown tag lists the nearby ones; 401/403 name the token problem).
 * Answers are cached, so a reference used in many files costs one lookup.
 */
import { ActionError } from '../errors.js';
import type { GitHubClient } from '../github.js';
import { isFullSha } from './uses-value.js';
import { compareTagVersions, nearbyTags, parseTagVersion, type TagVersion } from './versions.js';

export interface TagRef {
  name: string;
  /** What the ref points at: a commit, or for an annotated tag the tag object. */
  object: { sha: string; type: string };
}

/** What pinning needs to know about tags; the GitHub implementation is below, tests may substitute another. */
export interface TagSource {
  /** The commit a tag points at; throws naming nearby tags when there is no such tag. */
  commitOf(owner: string, repo: string, tag: string): Promise<string>;
  /** Every tag whose name starts with `prefix`. */
  tags(owner: string, repo: string, prefix: string): Promise<TagRef[]>;
  /** The commit a tag ref points at (peeling annotated tags). */
  peel(owner: string, repo: string, ref: TagRef): Promise<string>;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** A problem no other lookup can escape (no token, a rejected token, the rate limit): the run stops at once. */
export class FatalLookupError extends ActionError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'FatalLookupError';
  }
}

/** One line saying what went wrong and what to do about it. */
export function explainApiError(err: unknown, doing: string): ActionError {
  if (err instanceof ActionError) return err;
  const e = err as RequestErrorLike;
  const headers = e.response?.headers ?? {};
  // Octokit appends the documentation URL to GitHub's message: keep the line short.
  const message = (e.message ?? 'error').replace(/ - https?:\/\/\S+$/, '');
  const status = e.status ? `HTTP ${e.status}: ${message}` : message;
  if (e.status === 401)
    return new FatalLookupError(`GitHub rejected the token while trying to ${doing} (${status}); check GITHUB_TOKEN or GH_TOKEN`, { cause: err });
  if ((e.status === 403 || e.status === 429) && headers['x-ratelimit-remaining'] === '0') {
    return new FatalLookupError(`GitHub's API rate limit was reached while trying to ${doing} (${status}); wait until it resets or use another token`, {
      cause: err,
    });
  }
  if (e.status === 403) {
    const accepted = headers['x-accepted-github-permissions'];
    const need = accepted ? accepted.replace(/=/g, ': ').replace(/,\s*/g, ', ') : 'contents: read';
    return new ActionError(`GitHub refused to ${doing} (${status}); the token needs permission ${need} on that repository`, { cause: err });
  }
  return new ActionError(`GitHub API error while trying to ${doing} (${status})`, { cause: err });
}

const statusOf = (err: unknown) => (err as RequestErrorLike).status;

export class GitHubTagSource implements TagSource {
  private readonly commits = new Map<string, Promise<string>>();
  private readonly lists = new Map<string, Promise<TagRef[]>>();
  private readonly peeled = new Map<string, Promise<string>>();

  /** The client is made on first use, so runs that need no lookups need no token. */
  constructor(private readonly client: () => GitHubClient) {}

  commitOf(owner: string, repo: string, tag: string): Promise<string> {
    const key = `${owner}/${repo}@${tag}`.toLowerCase();
    let found = this.commits.get(key);
    if (!found) {
      found = this.lookUp(owner, repo, tag);
      this.commits.set(key, found);
    }
    return found;
  }

  tags(owner: string, repo: string, prefix: string): Promise<TagRef[]> {
    const key = `${owner}/${repo}:${prefix}`.toLowerCase();
    let found = this.lists.get(key);
    if (!found) {
      found = this.listTags(owner, repo, prefix);
      this.lists.set(key, found);
    }
    return found;
  }

  peel(owner: string, repo: string, ref: TagRef): Promise<string> {
    const key = `${owner}/${repo}:${ref.object.sha}`.toLowerCase();
    let found = this.peeled.get(key);
    if (!found) {
      found = this.peelObject(owner, repo, ref.name, ref.object);
      this.peeled.set(key, found);
    }
    return found;
  }

  private async lookUp(owner: string, repo: string, tag: string): Promise<string> {
    let object: { sha: string; type: string };
    try {
      const { data } = await this.client().rest.git.getRef({ owner, repo, ref: `tags/${tag}` });
      object = data.object;
    } catch (err) {
      if (statusOf(err) !== 404) throw explainApiError(err, `read tag ${tag} of ${owner}/${repo}`);
      throw await this.unknownTag(owner, repo, tag);
    }
    return this.peel(owner, repo, { name: tag, object });
  }

  private async unknownTag(owner: string, repo: string, tag: string): Promise<ActionError> {
    const all = (await this.tags(owner, repo, '')).map((t) => t.name);
    let branch = false;
    try {
      await this.client().rest.git.getRef({ owner, repo, ref: `heads/${tag}` });
      branch = true;
    } catch (err) {
      if (statusOf(err) !== 404) throw explainApiError(err, `read branch ${tag} of ${owner}/${repo}`);
    }
    const what = branch ? `${tag} is a branch of ${owner}/${repo}, not a tag: pin a release tag instead` : `${owner}/${repo} has no tag ${tag}`;
    if (all.length === 0) return new ActionError(`${what} (the repository has no tags)`);
    const near = branch ? newestFirst(all).slice(0, 5) : nearbyTags(tag, all);
    return new ActionError(`${what}; ${branch ? 'newest' : 'nearby'} tags: ${near.join(', ')}`);
  }

  private async listTags(owner: string, repo: string, prefix: string): Promise<TagRef[]> {
    try {
      const refs = await this.client().paginate(this.client().rest.git.listMatchingRefs, { owner, repo, ref: `tags/${prefix}` });
      return refs.map((r) => ({ name: r.ref.replace(/^refs\/tags\//, ''), object: r.object }));
    } catch (err) {
      if (statusOf(err) === 404 && !(err instanceof ActionError))
        throw new ActionError(`GitHub has no repository ${owner}/${repo} (or the token cannot see it)`, { cause: err });
      throw explainApiError(err, `list the tags of ${owner}/${repo}`);
    }
  }

  private async peelObject(owner: string, repo: string, tag: string, start: { sha: string; type: string }): Promise<string> {
    let object = start;
    // Annotated tags point at a tag object, which may itself point at another tag.
    for (let depth = 0; object.type === 'tag' && depth < 10; depth++) {
      try {
        const { data } = await this.client().rest.git.getTag({ owner, repo, tag_sha: object.sha });
        object = data.object;
      } catch (err) {
        throw explainApiError(err, `read the annotated tag ${tag} of ${owner}/${repo}`);
      }
    }
    if (object.type !== 'commit' || !isFullSha(object.sha)) throw new ActionError(`tag ${tag} of ${owner}/${repo} points at a ${object.type}, not a commit`);
    return object.sha.toLowerCase();
  }
}

function newestFirst(tags: string[]): string[] {
  const versions = tags.map(parseTagVersion).filter((v): v is TagVersion => v !== undefined);
  return versions.sort((a, b) => compareTagVersions(b, a)).map((v) => v.tag);
}
