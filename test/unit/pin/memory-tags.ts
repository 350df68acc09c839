/** An in-memory TagSource for unit tests: repositories' tags as name → commit SHA, every lookup counted. */
import { ActionError } from '#shared/errors.js';
import type { TagRef, TagSource } from '#shared/pin/tag-source.js';
import { nearbyTags } from '#shared/pin/versions.js';

export class MemoryTags implements TagSource {
  readonly lookups: string[] = [];
  constructor(private readonly repos: Record<string, Record<string, string>>) {}

  private tagsOf(owner: string, repo: string): Record<string, string> {
    const tags = this.repos[`${owner}/${repo}`];
    if (!tags) throw new ActionError(`GitHub has no repository ${owner}/${repo}`);
    return tags;
  }

  async commitOf(owner: string, repo: string, tag: string): Promise<string> {
    this.lookups.push(`${owner}/${repo}@${tag}`);
    const tags = this.tagsOf(owner, repo);
    const sha = tags[tag];
    if (!sha) throw new ActionError(`${owner}/${repo} has no tag ${tag}; nearby tags: ${nearbyTags(tag, Object.keys(tags)).join(', ')}`);
    return sha;
  }

  async tags(owner: string, repo: string, prefix: string): Promise<TagRef[]> {
    this.lookups.push(`${owner}/${repo}:${prefix}*`);
    return Object.entries(this.tagsOf(owner, repo))
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, sha]) => ({ name, object: { sha, type: 'commit' } }));
  }

  async peel(_owner: string, _repo: string, ref: TagRef): Promise<string> {
    return ref.object.sha;
  }
}

/** A recognisable 40-hex SHA: `sha('a')` is `aaaa…`. */
export const sha = (c: string) => c.repeat(40).slice(0, 40);
