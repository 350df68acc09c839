/**
 * What the fake GitHub knows: repositories with their issues and pull requests, comments, labels,
 * deployments, commits, refs, tags and releases, plus who each token is and what it may do. Tests
 * seed it through the `seed*` methods and read it back to assert on what an action did.
 */
import { createHash } from 'node:crypto';

export type PermissionLevel = 'none' | 'read' | 'write';
/** The GITHUB_TOKEN permission names that the served endpoints need (`permissions:` in a workflow). */
export type PermissionName = 'issues' | 'pull_requests' | 'deployments' | 'contents' | 'metadata' | 'statuses' | 'checks' | 'actions';
export type TokenPermissions = Partial<Record<PermissionName, PermissionLevel>>;

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  name?: string | null;
  email?: string | null;
}

/** The identity behind GITHUB_TOKEN: what `github.token` comments appear as. */
export const GITHUB_ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export interface DiffEntryInput {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions?: number;
  deletions?: number;
  patch?: string;
  previous_filename?: string;
  /** The blob SHA; derived from the file name when omitted. */
  sha?: string;
}

export interface CommitData {
  sha: string;
  message: string;
  author: { name: string; email: string; date: string };
  parents: string[];
  files: DiffEntryInput[];
}

export interface PullData {
  head: { ref: string; sha: string; /** `owner/repo` of the head branch: another repository for a fork. */ repo: string };
  base: { ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  files: DiffEntryInput[];
}

export interface IssueData {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  user: FakeUser;
  /** Label names, in the order they were added. */
  labels: string[];
  assignees: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull?: PullData;
}

export interface CommentData {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface LabelData {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface DeploymentStatusData {
  id: number;
  state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: FakeUser;
  createdAt: string;
}

export interface DeploymentData {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  transient: boolean;
  production: boolean;
  creator: FakeUser;
  createdAt: string;
  updatedAt: string;
  /** Oldest first; the API lists them newest first. */
  statuses: DeploymentStatusData[];
}

export interface TagObjectData {
  sha: string;
  tag: string;
  message: string;
  object: { sha: string; type: 'commit' };
  tagger: { name: string; email: string; date: string };
}

export interface RefData {
  /** A commit SHA, or for an annotated tag the tag object's SHA. */
  sha: string;
  type: 'commit' | 'tag';
}

export interface ReleaseData {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: FakeUser;
  createdAt: string;
  publishedAt: string | null;
}

export interface ComparisonData {
  files: DiffEntryInput[];
  /** Commit SHAs from base (exclusive) to head (inclusive); defaults to just head. */
  commits?: string[];
  status?: 'ahead' | 'behind' | 'identical' | 'diverged';
}

export interface RepoData {
  id: number;
  owner: FakeUser;
  name: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
  createdAt: string;
  issues: Map<number, IssueData>;
  nextNumber: number;
  comments: Map<number, CommentData>;
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  labels: Map<string, LabelData>;
  deployments: DeploymentData[];
  commits: Map<string, CommitData>;
  /** Full ref name (`refs/heads/main`, `refs/tags/v1`) to its target. */
  refs: Map<string, RefData>;
  tagObjects: Map<string, TagObjectData>;
  releases: ReleaseData[];
  comparisons: Map<string, ComparisonData>;
}

export interface TokenData {
  /** Unset means a classic PAT-like token that may do everything (and can call `GET /user`). */
  permissions?: TokenPermissions;
  user: FakeUser;
}

/** A deterministic 40-hex SHA for generated objects, so runs are repeatable. */
export function fakeSha(...parts: Array<string | number>): string {
  return createHash('sha1').update(parts.join('\0')).digest('hex');
}

/** GitHub timestamps have second precision and a Z suffix. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface StateOptions {
  /** Repositories spring into existence on first use (default); false makes unknown ones 404. */
  autoCreateRepos?: boolean;
  /** The clock for created_at/updated_at; defaults to the real time. */
  now?: () => Date;
}

export class FakeGitHubState {
  readonly repos = new Map<string, RepoData>();
  readonly tokens = new Map<string, TokenData>();
  /** The identity of tokens not configured with setToken/setTokenPermissions. */
  defaultUser: FakeUser = GITHUB_ACTIONS_BOT;
  readonly autoCreateRepos: boolean;
  private readonly clock: () => Date;
  private nextId = 1000;

  constructor(options: StateOptions = {}) {
    this.autoCreateRepos = options.autoCreateRepos ?? true;
    this.clock = options.now ?? (() => new Date());
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  /** Ids are unique across resource kinds, like GitHub's (and increasing, so newest-first is by id). */
  newId(): number {
    return this.nextId++;
  }

  // ---- tokens -------------------------------------------------------------------------------

  /**
   * Makes `token` behave like a GITHUB_TOKEN (an integration token) with these permissions; any
   * permission not named is `none`, except `metadata`, which is always readable.
   */
  setTokenPermissions(token: string, permissions: TokenPermissions): void {
    this.setToken(token, { permissions });
  }

  setToken(token: string, data: { permissions?: TokenPermissions; user?: FakeUser }): void {
    const previous = this.tokens.get(token);
    this.tokens.set(token, { permissions: data.permissions ?? previous?.permissions, user: data.user ?? previous?.user ?? this.defaultUser });
  }

  token(token: string): TokenData {
    return this.tokens.get(token) ?? { user: this.defaultUser };
  }

  // ---- repositories -------------------------------------------------------------------------

  private key(owner: string, repo: string): string {
    return `${owner}/${repo}`.toLowerCase();
  }

  addRepo(
    owner: string,
    name: string,
    options: { private?: boolean; defaultBranch?: string; description?: string; ownerType?: 'User' | 'Organization' } = {},
  ): RepoData {
    const existing = this.repos.get(this.key(owner, name));
    if (existing) return existing;
    const id = this.newId();
    const repo: RepoData = {
      id,
      owner: {
        login: owner,
        id: 9000 + (parseInt(fakeSha('owner', owner.toLowerCase()).slice(0, 6), 16) % 1_000_000),
        type: options.ownerType ?? 'Organization',
      },
      name,
      private: options.private ?? false,
      defaultBranch: options.defaultBranch ?? 'main',
      description: options.description ?? null,
      createdAt: this.now(),
      issues: new Map(),
      nextNumber: 1,
      comments: new Map(),
      labels: new Map(),
      deployments: [],
      commits: new Map(),
      refs: new Map(),
      tagObjects: new Map(),
      releases: [],
      comparisons: new Map(),
    };
    this.repos.set(this.key(owner, name), repo);
    // Every repository has its default branch, pointing at a root commit.
    this.seedBranch(owner, name, repo.defaultBranch, fakeSha('root', owner, name));
    return repo;
  }

  /** The repository, created on first use unless `autoCreateRepos` is off. */
  findRepo(owner: string, name: string): RepoData | undefined {
    return this.repos.get(this.key(owner, name)) ?? (this.autoCreateRepos ? this.addRepo(owner, name) : undefined);
  }

  repo(owner: string, name: string): RepoData {
    const repo = this.findRepo(owner, name);
    if (!repo) throw new Error(`fake GitHub: no repository ${owner}/${name} (autoCreateRepos is off; call addRepo)`);
    return repo;
  }

  repoById(id: number): RepoData | undefined {
    return [...this.repos.values()].find((r) => r.id === id);
  }

  // ---- commits, refs, tags ------------------------------------------------------------------

  seedCommit(owner: string, repo: string, sha: string, data: Partial<Omit<CommitData, 'sha'>> = {}): CommitData {
    const r = this.repo(owner, repo);
    const existing = r.commits.get(sha);
    const commit: CommitData = {
      sha,
      message: data.message ?? existing?.message ?? `Commit ${sha.slice(0, 7)}`,
      author: data.author ?? existing?.author ?? { name: 'Monalisa Octocat', email: 'octocat@github.com', date: this.now() },
      parents: data.parents ?? existing?.parents ?? [],
      files: data.files ?? existing?.files ?? [],
    };
    r.commits.set(sha, commit);
    return commit;
  }

  /** Registers a commit SHA that something refers to, keeping anything already seeded for it. */
  private ensureCommit(owner: string, repo: string, sha: string): void {
    if (!this.repo(owner, repo).commits.has(sha)) this.seedCommit(owner, repo, sha);
  }

  seedBranch(owner: string, repo: string, branch: string, sha: string): void {
    this.ensureCommit(owner, repo, sha);
    this.repo(owner, repo).refs.set(`refs/heads/${branch}`, { sha, type: 'commit' });
  }

  /**
   * A tag pointing at commit `sha`. An annotated tag gets a tag object (see `git/get-tag`); its ref
   * then points at that object. Returns the SHA the ref points at.
   */
  seedTag(
    owner: string,
    repo: string,
    tag: string,
    sha: string,
    options: { annotated?: boolean; message?: string; tagger?: { name: string; email: string } } = {},
  ): string {
    this.ensureCommit(owner, repo, sha);
    const r = this.repo(owner, repo);
    if (!options.annotated) {
      r.refs.set(`refs/tags/${tag}`, { sha, type: 'commit' });
      return sha;
    }
    const tagSha = fakeSha('tag', tag, sha);
    const tagger = options.tagger ?? { name: 'Monalisa Octocat', email: 'octocat@github.com' };
    r.tagObjects.set(tagSha, {
      sha: tagSha,
      tag,
      message: options.message ?? `Release ${tag}\n`,
      object: { sha, type: 'commit' },
      tagger: { ...tagger, date: this.now() },
    });
    r.refs.set(`refs/tags/${tag}`, { sha: tagSha, type: 'tag' });
    return tagSha;
  }

  /** The commit a ref, tag, branch or SHA names (annotated tags peeled), or undefined. */
  resolveCommitish(owner: string, repo: string, commitish: string): string | undefined {
    const r = this.repo(owner, repo);
    const name = commitish.replace(/^refs\//, '');
    for (const candidate of [`refs/${name}`, `refs/heads/${name}`, `refs/tags/${name}`]) {
      const ref = r.refs.get(candidate);
      if (ref) return ref.type === 'tag' ? r.tagObjects.get(ref.sha)?.object.sha : ref.sha;
    }
    if (/^[0-9a-f]{40}$/i.test(commitish) && r.commits.has(commitish.toLowerCase())) return commitish.toLowerCase();
    // A unique abbreviated SHA (7+ hex) also names a commit.
    if (/^[0-9a-f]{7,39}$/i.test(commitish)) {
      const matches = [...r.commits.keys()].filter((sha) => sha.startsWith(commitish.toLowerCase()));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  seedComparison(owner: string, repo: string, base: string, head: string, data: ComparisonData): void {
    this.repo(owner, repo).comparisons.set(`${base}...${head}`, data);
  }

  // ---- issues, pull requests, comments, labels -------------------------------------------------

  seedIssue(
    owner: string,
    repo: string,
    data: { number?: number; title?: string; body?: string | null; labels?: string[]; state?: 'open' | 'closed'; user?: FakeUser; assignees?: string[] } = {},
  ): IssueData {
    const r = this.repo(owner, repo);
    const number = data.number ?? r.nextNumber;
    r.nextNumber = Math.max(r.nextNumber, number + 1);
    const now = this.now();
    const issue: IssueData = {
      id: this.newId(),
      number,
      title: data.title ?? `Issue ${number}`,
      body: data.body ?? null,
      state: data.state ?? 'open',
      stateReason: data.state === 'closed' ? 'completed' : null,
      user: data.user ?? { login: 'octocat', id: 583231, type: 'User' },
      labels: [],
      assignees: data.assignees ?? [],
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: data.state === 'closed' ? now : null,
    };
    r.issues.set(number, issue);
    for (const label of data.labels ?? []) this.addLabelToIssue(r, issue, label);
    return issue;
  }

  /**
   * A pull request (an issue with head/base) with its changed files for `pulls/list-files`. The head
   * and base SHAs become known commits, and the head SHA gets the files, so `repos/get-commit` and
   * `repos/compare-commits` for base...head answer consistently.
   */
  seedPullRequest(
    owner: string,
    repo: string,
    data: {
      number?: number;
      title?: string;
      body?: string | null;
      headSha?: string;
      baseSha?: string;
      headRef?: string;
      baseRef?: string;
      /** The head lives in `contributor/<repo>` (a fork). */
      fork?: boolean | string;
      draft?: boolean;
      files?: DiffEntryInput[];
      labels?: string[];
      user?: FakeUser;
    } = {},
  ): IssueData {
    const r = this.repo(owner, repo);
    const issue = this.seedIssue(owner, repo, { number: data.number, title: data.title, body: data.body ?? null, labels: data.labels, user: data.user });
    const baseRef = data.baseRef ?? r.defaultBranch;
    const baseSha = data.baseSha ?? r.refs.get(`refs/heads/${baseRef}`)?.sha ?? fakeSha('base', owner, repo, issue.number);
    const headSha = data.headSha ?? fakeSha('head', owner, repo, issue.number);
    const headRef = data.headRef ?? `feature/pr-${issue.number}`;
    const headRepo = data.fork ? (typeof data.fork === 'string' ? data.fork : `contributor/${repo}`) : `${r.owner.login}/${r.name}`;
    const files = data.files ?? [];
    this.ensureCommit(owner, repo, baseSha);
    this.seedCommit(owner, repo, headSha, { parents: [baseSha], files, message: data.title ?? `Changes for #${issue.number}` });
    if (!data.fork) this.seedBranch(owner, repo, headRef, headSha);
    issue.pull = {
      head: { ref: headRef, sha: headSha, repo: headRepo },
      base: { ref: baseRef, sha: baseSha },
      draft: data.draft ?? false,
      merged: false,
      files,
    };
    return issue;
  }

  seedComment(owner: string, repo: string, issueNumber: number, body: string, options: { user?: FakeUser } = {}): CommentData {
    const r = this.repo(owner, repo);
    if (!r.issues.has(issueNumber)) this.seedIssue(owner, repo, { number: issueNumber });
    const now = this.now();
    const comment: CommentData = { id: this.newId(), issueNumber, body, user: options.user ?? this.defaultUser, createdAt: now, updatedAt: now };
    r.comments.set(comment.id, comment);
    return comment;
  }

  seedLabel(owner: string, repo: string, name: string, options: { color?: string; description?: string | null } = {}): LabelData {
    return this.ensureLabel(this.repo(owner, repo), name, options);
  }

  /** The repository label with this name, created (GitHub's default grey) when missing. */
  ensureLabel(r: RepoData, name: string, options: { color?: string; description?: string | null } = {}): LabelData {
    const existing = r.labels.get(name.toLowerCase());
    if (existing) return existing;
    const label: LabelData = {
      id: this.newId(),
      name,
      color: (options.color ?? 'ededed').replace(/^#/, ''),
      description: options.description ?? null,
      default: false,
    };
    r.labels.set(name.toLowerCase(), label);
    return label;
  }

  addLabelToIssue(r: RepoData, issue: IssueData, name: string): void {
    const label = this.ensureLabel(r, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) issue.labels.push(label.name);
  }

  // ---- deployments and releases -------------------------------------------------------------

  seedDeployment(
    owner: string,
    repo: string,
    data: {
      ref?: string;
      sha?: string;
      environment?: string;
      task?: string;
      description?: string | null;
      transient?: boolean;
      production?: boolean;
      payload?: Record<string, unknown> | string;
      creator?: FakeUser;
    },
  ): DeploymentData {
    const r = this.repo(owner, repo);
    const ref = data.ref ?? r.defaultBranch;
    const sha = data.sha ?? this.resolveCommitish(owner, repo, ref) ?? fakeSha('deploy', ref);
    this.ensureCommit(owner, repo, sha);
    const environment = data.environment ?? 'production';
    const now = this.now();
    const deployment: DeploymentData = {
      id: this.newId(),
      sha,
      ref,
      task: data.task ?? 'deploy',
      payload: data.payload ?? {},
      environment,
      originalEnvironment: environment,
      description: data.description ?? null,
      transient: data.transient ?? false,
      production: data.production ?? environment === 'production',
      creator: data.creator ?? this.defaultUser,
      createdAt: now,
      updatedAt: now,
      statuses: [],
    };
    r.deployments.push(deployment);
    return deployment;
  }

  /**
   * Adds a status, as `repos/create-deployment-status` does: a `success` with auto_inactive (the
   * default) marks earlier successful non-transient, non-production deployments of the same environment inactive.
   */
  addDeploymentStatus(
    r: RepoData,
    deployment: DeploymentData,
    data: {
      state: DeploymentStatusData['state'];
      description?: string;
      environment?: string;
      environmentUrl?: string;
      logUrl?: string;
      targetUrl?: string;
      autoInactive?: boolean;
      creator?: FakeUser;
    },
  ): DeploymentStatusData {
    if (data.environment) deployment.environment = data.environment;
    const now = this.now();
    const logUrl = data.logUrl || data.targetUrl || '';
    const status: DeploymentStatusData = {
      id: this.newId(),
      state: data.state,
      description: data.description ?? '',
      environment: deployment.environment,
      environmentUrl: data.environmentUrl ?? '',
      logUrl,
      targetUrl: data.targetUrl || logUrl,
      creator: data.creator ?? this.defaultUser,
      createdAt: now,
    };
    deployment.statuses.push(status);
    deployment.updatedAt = now;
    if (data.state === 'success' && data.autoInactive !== false) {
      for (const other of r.deployments) {
        if (other === deployment || other.id > deployment.id || other.environment !== deployment.environment || other.transient || other.production) continue;
        if (other.statuses.at(-1)?.state !== 'success') continue;
        other.statuses.push({ ...other.statuses.at(-1)!, id: this.newId(), state: 'inactive', description: '', createdAt: now, creator: status.creator });
        other.updatedAt = now;
      }
    }
    return status;
  }

  seedRelease(
    owner: string,
    repo: string,
    data: { tagName: string; targetCommitish?: string; name?: string | null; body?: string | null; draft?: boolean; prerelease?: boolean; author?: FakeUser },
  ): ReleaseData {
    const r = this.repo(owner, repo);
    const now = this.now();
    const release: ReleaseData = {
      id: this.newId(),
      tagName: data.tagName,
      targetCommitish: data.targetCommitish ?? r.defaultBranch,
      name: data.name ?? data.tagName,
      body: data.body ?? null,
      draft: data.draft ?? false,
      prerelease: data.prerelease ?? false,
      author: data.author ?? this.defaultUser,
      createdAt: now,
      publishedAt: data.draft ? null : now,
    };
    r.releases.push(release);
    // Publishing a release creates its tag at the target when the tag does not exist yet.
    if (!release.draft && !r.refs.has(`refs/tags/${release.tagName}`)) {
      const sha = this.resolveCommitish(owner, repo, release.targetCommitish);
      if (sha) r.refs.set(`refs/tags/${release.tagName}`, { sha, type: 'commit' });
    }
    return release;
  }

  // ---- read-back helpers for assertions -----------------------------------------------------

  comments(owner: string, repo: string, issueNumber: number): CommentData[] {
    return [...this.repo(owner, repo).comments.values()].filter((c) => c.issueNumber === issueNumber).sort((a, b) => a.id - b.id);
  }

  issue(owner: string, repo: string, number: number): IssueData | undefined {
    return this.repo(owner, repo).issues.get(number);
  }

  labelsOn(owner: string, repo: string, issueNumber: number): string[] {
    return [...(this.issue(owner, repo, issueNumber)?.labels ?? [])];
  }

  /** Newest first, as the API lists them. */
  deployments(owner: string, repo: string): DeploymentData[] {
    return [...this.repo(owner, repo).deployments].sort((a, b) => b.id - a.id);
  }

  ref(owner: string, repo: string, fullRef: string): RefData | undefined {
    return this.repo(owner, repo).refs.get(fullRef);
  }

  releases(owner: string, repo: string): ReleaseData[] {
    return [...this.repo(owner, repo).releases].sort((a, b) => b.id - a.id);
  }
}
