/**
 * The tagging logic of a release, through the GitHub REST API:
 *   1. `refs/tags/vX.Y.Z` → the tested commit (git/create-ref); an existing tag elsewhere is refused,
 *   2. the GitHub Release for it, published once with the CHANGELOG section (repos/create-release),
 *   3. the moving tags `vX.Y` and `vX` → the same commit (git/update-ref with force, or git/create-ref),
 *      unless a newer release of that line exists (a 1.2.9 fix after 1.3.0 moves v1.2, not v1).
 * Compatible with immutable releases: the release and its tag are never edited after publishing and
 * no release is made for the moving tags. Everything is read first and planned; a re-run after a
 * partial failure finds what was done and does the rest.
 */
import type { GitHubClient } from '../../shared/src/github.js';
import { compareVersions, movingTags, parseVersion, tagOf, type Version } from './semver.js';

export type Step =
  | { kind: 'create-ref'; ref: string; sha: string; why: string }
  | { kind: 'update-ref'; ref: string; from: string; sha: string; why: string }
  | { kind: 'create-release'; tag: string; sha: string; prerelease: boolean; makeLatest: boolean; body: string }
  | { kind: 'keep'; what: string; why: string };

export interface ReleaseRequest {
  owner: string;
  repo: string;
  version: Version;
  /** The commit that passed the checks. */
  sha: string;
  notes: string;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** One line naming the request that failed and, for a 403, the permission the workflow needs. */
export function apiFailure(err: unknown, doing: string): Error {
  const e = err as RequestErrorLike;
  const message = (e.message ?? String(err)).replace(/ - https?:\/\/\S+$/, '');
  if (e.status === 403 || e.status === 404) {
    const accepted = e.response?.headers?.['x-accepted-github-permissions'];
    const need = accepted ? accepted.replace(/=/g, ': ') : 'contents: write';
    return new Error(
      `GitHub refused to ${doing} (HTTP ${e.status}: ${message}); the workflow needs \`permissions: ${need}\` (and no tag protection rule blocking it)`,
    );
  }
  return new Error(`GitHub API error while trying to ${doing}: ${e.status ? `HTTP ${e.status}: ` : ''}${message}`);
}

const status = (err: unknown) => (err as RequestErrorLike).status;

export class ReleasePlanner {
  constructor(
    private readonly octokit: GitHubClient,
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  /** The commit a tag ref points at (annotated tags peeled), or undefined when there is no such tag. */
  async tagCommit(tag: string): Promise<{ sha: string; object: string } | undefined> {
    let object: { sha: string; type: string };
    try {
      ({ object } = (await this.octokit.rest.git.getRef({ owner: this.owner, repo: this.repo, ref: `tags/${tag}` })).data);
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw apiFailure(err, `read tag ${tag}`);
    }
    const refSha = object.sha;
    for (let depth = 0; object.type === 'tag' && depth < 10; depth++) {
      try {
        ({ object } = (await this.octokit.rest.git.getTag({ owner: this.owner, repo: this.repo, tag_sha: object.sha })).data);
      } catch (err) {
        throw apiFailure(err, `read the annotated tag ${tag}`);
      }
    }
    return { sha: object.sha, object: refSha };
  }

  async releaseExists(tag: string): Promise<boolean> {
    try {
      await this.octokit.rest.repos.getReleaseByTag({ owner: this.owner, repo: this.repo, tag });
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      throw apiFailure(err, `look up the release ${tag}`);
    }
  }

  /** Every stable `vX.Y.Z` tag of the repository. */
  async releasedVersions(): Promise<Version[]> {
    try {
      const refs = await this.octokit.paginate(this.octokit.rest.git.listMatchingRefs, { owner: this.owner, repo: this.repo, ref: 'tags/v' });
      return refs
        .map((r) => r.ref.replace(/^refs\/tags\//, ''))
        .filter((name) => /^v\d+\.\d+\.\d+$/.test(name))
        .map((name) => parseVersion(name)!);
    } catch (err) {
      throw apiFailure(err, 'list the release tags');
    }
  }

  async plan(request: ReleaseRequest): Promise<Step[]> {
    const { version, sha } = request;
    const tag = tagOf(version);
    const steps: Step[] = [];

    const existing = await this.tagCommit(tag);
    if (existing && existing.sha !== sha) {
      throw new Error(`tag ${tag} already exists at ${existing.sha}, not ${sha}: a released version never moves; release a new version instead`);
    }
    if (existing) steps.push({ kind: 'keep', what: `refs/tags/${tag}`, why: `already at ${sha}` });
    else steps.push({ kind: 'create-ref', ref: `refs/tags/${tag}`, sha, why: 'the release tag' });

    const released = (await this.releasedVersions()).filter((v) => compareVersions(v, version) !== 0);
    if (await this.releaseExists(tag)) {
      steps.push({ kind: 'keep', what: `release ${tag}`, why: 'already published (a published release is never edited)' });
    } else {
      const newerExists = released.some((v) => compareVersions(v, version) > 0);
      steps.push({
        kind: 'create-release',
        tag,
        sha,
        prerelease: version.prerelease !== undefined,
        makeLatest: !version.prerelease && !newerExists,
        body: request.notes,
      });
    }

    for (const moving of movingTags(version)) {
      const line = moving.slice(1).split('.').map(Number);
      const newer = released.find((v) => v.major === line[0] && (line.length < 2 || v.minor === line[1]) && compareVersions(v, version) > 0);
      if (newer) {
        steps.push({ kind: 'keep', what: `refs/tags/${moving}`, why: `v${newer.major}.${newer.minor}.${newer.patch} is newer` });
        continue;
      }
      const current = await this.tagCommit(moving);
      if (!current) steps.push({ kind: 'create-ref', ref: `refs/tags/${moving}`, sha, why: `new ${moving.split('.').length === 1 ? 'major' : 'minor'} line` });
      else if (current.sha === sha) steps.push({ kind: 'keep', what: `refs/tags/${moving}`, why: `already at ${sha}` });
      else steps.push({ kind: 'update-ref', ref: `refs/tags/${moving}`, from: current.sha, sha, why: `moves to ${tag}` });
    }
    return steps;
  }

  async apply(step: Step): Promise<void> {
    const { owner, repo } = this;
    try {
      switch (step.kind) {
        case 'create-ref':
          await this.octokit.rest.git.createRef({ owner, repo, ref: step.ref, sha: step.sha });
          return;
        case 'update-ref':
          // force: a moving tag may go to a commit that does not descend from its old one.
          await this.octokit.rest.git.updateRef({ owner, repo, ref: step.ref.replace(/^refs\//, ''), sha: step.sha, force: true });
          return;
        case 'create-release':
          await this.octokit.rest.repos.createRelease({
            owner,
            repo,
            tag_name: step.tag,
            target_commitish: step.sha,
            name: step.tag,
            body: step.body,
            draft: false,
            prerelease: step.prerelease,
            make_latest: step.makeLatest ? 'true' : 'false',
          });
          return;
        case 'keep':
          return;
      }
    } catch (err) {
      throw apiFailure(err, describeStep(step));
    }
  }
}

/** What a step does, and the API call that does it. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'create-ref':
      return `create ${step.ref} at ${step.sha} (${step.why}; git/create-ref)`;
    case 'update-ref':
      return `move ${step.ref} from ${step.from} to ${step.sha} (${step.why}; git/update-ref, force)`;
    case 'create-release':
      return `publish release ${step.tag} at ${step.sha}${step.prerelease ? ' as a pre-release' : ''}${step.makeLatest ? ', marked latest' : ''} (repos/create-release)`;
    case 'keep':
      return `keep ${step.what} (${step.why})`;
  }
}
