/**
 * Turns state into the JSON GitHub sends: ids, node_ids, API URLs under the fake's own address (so a
 * client following `url` fields or Link headers stays on the fake), web URLs under the server URL.
 * Small resources are written out field by field; the big ones (repository, issue, pull request,
 * release, commit, user) start from the documented example in the OpenAPI description and have every
 * identifying field replaced. Every answer is validated against the schema afterwards (see server.ts).
 */
import { loadSpec } from './openapi.js';
import type {
  CommentData,
  CommitData,
  DeploymentData,
  DeploymentStatusData,
  DiffEntryInput,
  FakeUser,
  IssueData,
  LabelData,
  RefData,
  ReleaseData,
  RepoData,
  TagObjectData,
} from './state.js';
import { fakeSha } from './state.js';

type Json = Record<string, any>;

/** GitHub's legacy global node id: base64 of `<len>:<Type><id>`, e.g. `MDQ6VXNlcjE=` for User 1. */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`${String(type.length).padStart(2, '0')}:${type}${id}`).toString('base64');
}

function example(operationId: string, status: number): Json {
  const value = loadSpec().byId.get(operationId)?.responses[String(status)]?.example;
  if (value === undefined) throw new Error(`fake GitHub: no documented example for ${operationId} ${status}`);
  return structuredClone(value) as Json;
}

export class Renderer {
  constructor(
    /** The fake's base URL, standing in for https://api.github.com. */
    readonly api: string,
    /** Stands in for https://github.com in html_url fields. */
    readonly web: string,
  ) {}

  repoApi(r: RepoData): string {
    return `${this.api}/repos/${r.owner.login}/${r.name}`;
  }

  repoWeb(r: RepoData): string {
    return `${this.web}/${r.owner.login}/${r.name}`;
  }

  /** Points an example's URLs and names at this repository and this server. */
  private retarget<T>(value: T, r: RepoData | undefined): T {
    let text = JSON.stringify(value);
    if (r) {
      for (const sample of ['octocat/Hello-World', 'octocat/example']) {
        text = text
          .split(`https://api.github.com/repos/${sample}`)
          .join(this.repoApi(r))
          .split(`https://github.com/${sample}`)
          .join(this.repoWeb(r))
          .split(`https://uploads.github.com/repos/${sample}`)
          .join(this.repoApi(r))
          .split(`git@github.com:${sample}.git`)
          .join(`git@${new URL(this.web).host}:${r.owner.login}/${r.name}.git`)
          .split(`git:github.com/${sample}.git`)
          .join(`git:${new URL(this.web).host}/${r.owner.login}/${r.name}.git`)
          .split(sample)
          .join(`${r.owner.login}/${r.name}`);
      }
    }
    text = text.split('https://api.github.com').join(this.api);
    return JSON.parse(text) as T;
  }

  user(u: FakeUser): Json {
    const login = encodeURIComponent(u.login);
    const url = `${this.api}/users/${login}`;
    const bot = u.type === 'Bot';
    return {
      login: u.login,
      id: u.id,
      node_id: nodeId(u.type, u.id),
      avatar_url: `https://avatars.githubusercontent.com/${bot ? 'in/15368' : `u/${u.id}`}?v=4`,
      gravatar_id: '',
      url,
      html_url: bot ? `${this.web}/apps/${encodeURIComponent(u.login.replace(/\[bot\]$/, ''))}` : `${this.web}/${login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: u.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  /** `GET /user` for a user token: the private view of the profile. */
  privateUser(u: FakeUser): Json {
    const base = example('users/get-authenticated', 200);
    return {
      ...base,
      ...this.user(u),
      user_view_type: 'private',
      name: u.name ?? null,
      email: u.email ?? null,
      company: null,
      blog: '',
      location: null,
      bio: null,
      twitter_username: null,
      hireable: null,
    };
  }

  /** The `repository` schema (head/base of a pull request); `full` adds what `repos/get` returns. */
  repository(r: RepoData, full = false): Json {
    const base = full ? example('repos/get', 200) : (example('pulls/get', 200).head.repo as Json);
    const json = this.retarget(base, r);
    for (const key of ['parent', 'source', 'template_repository', 'organization']) delete json[key];
    const openIssues = [...r.issues.values()].filter((i) => i.state === 'open').length;
    Object.assign(json, {
      id: r.id,
      node_id: nodeId('Repository', r.id),
      name: r.name,
      full_name: `${r.owner.login}/${r.name}`,
      owner: this.user(r.owner),
      private: r.private,
      visibility: r.private ? 'private' : 'public',
      description: r.description,
      fork: false,
      homepage: null,
      language: null,
      default_branch: r.defaultBranch,
      open_issues_count: openIssues,
      open_issues: openIssues,
      created_at: r.createdAt,
      updated_at: r.createdAt,
      pushed_at: r.createdAt,
      mirror_url: null,
      license: null,
      topics: [],
      archived: false,
      disabled: false,
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 0,
    });
    if (full) json.organization = r.owner.type === 'Organization' ? this.user(r.owner) : null;
    return json;
  }

  label(r: RepoData, l: LabelData): Json {
    return {
      id: l.id,
      node_id: nodeId('Label', l.id),
      url: `${this.repoApi(r)}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      description: l.description,
      color: l.color,
      default: l.default,
    };
  }

  labelsOf(r: RepoData, issue: IssueData): Json[] {
    return issue.labels
      .map((name) => r.labels.get(name.toLowerCase()))
      .filter((l): l is LabelData => !!l)
      .map((l) => this.label(r, l));
  }

  private authorAssociation(r: RepoData, u: FakeUser): string {
    if (u.login.toLowerCase() === r.owner.login.toLowerCase()) return 'OWNER';
    return u.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR';
  }

  issue(r: RepoData, issue: IssueData): Json {
    const json = this.retarget(example('issues/create', 201), r);
    const url = `${this.repoApi(r)}/issues/${issue.number}`;
    const comments = [...r.comments.values()].filter((c) => c.issueNumber === issue.number).length;
    Object.assign(json, {
      id: issue.id,
      node_id: nodeId('Issue', issue.id),
      url,
      repository_url: this.repoApi(r),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.repoWeb(r)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels: this.labelsOf(r, issue),
      assignee: issue.assignees[0] ? this.user({ login: issue.assignees[0], id: userId(issue.assignees[0]), type: 'User' }) : null,
      assignees: issue.assignees.map((login) => this.user({ login, id: userId(login), type: 'User' })),
      milestone: null,
      locked: issue.locked,
      active_lock_reason: null,
      comments,
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_by: null,
      author_association: this.authorAssociation(r, issue.user),
      pinned_comment: null,
      type: null,
      sub_issues_summary: undefined,
      issue_dependencies_summary: undefined,
      issue_field_values: undefined,
      reactions: undefined,
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
    });
    if (issue.pull) {
      json.pull_request = {
        url: `${this.repoApi(r)}/pulls/${issue.number}`,
        html_url: `${this.repoWeb(r)}/pull/${issue.number}`,
        diff_url: `${this.repoWeb(r)}/pull/${issue.number}.diff`,
        patch_url: `${this.repoWeb(r)}/pull/${issue.number}.patch`,
        merged_at: null,
      };
      json.draft = issue.pull.draft;
    } else {
      delete json.pull_request;
      delete json.draft;
    }
    return dropUndefined(json);
  }

  comment(r: RepoData, c: CommentData): Json {
    const issue = r.issues.get(c.issueNumber);
    return {
      id: c.id,
      node_id: nodeId('IssueComment', c.id),
      url: `${this.repoApi(r)}/issues/comments/${c.id}`,
      html_url: `${this.repoWeb(r)}/${issue?.pull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
      body: c.body,
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      issue_url: `${this.repoApi(r)}/issues/${c.issueNumber}`,
      author_association: this.authorAssociation(r, c.user),
      performed_via_github_app: null,
    };
  }

  pullRequest(r: RepoData, issue: IssueData): Json {
    const pull = issue.pull!;
    const json = this.retarget(example('pulls/get', 200), r);
    const api = `${this.repoApi(r)}/pulls/${issue.number}`;
    const web = `${this.repoWeb(r)}/pull/${issue.number}`;
    const issueApi = `${this.repoApi(r)}/issues/${issue.number}`;
    const [headOwner, headName] = pull.head.repo.split('/') as [string, string];
    const isFork = pull.head.repo.toLowerCase() !== `${r.owner.login}/${r.name}`.toLowerCase();
    const headRepoData: RepoData = isFork
      ? { ...r, id: r.id + 1_000_000, owner: { login: headOwner, id: userId(headOwner), type: 'User' }, name: headName }
      : r;
    const headRepo = { ...this.repository(headRepoData), fork: isFork };
    const additions = pull.files.reduce((n, f) => n + (f.additions ?? 0), 0);
    const deletions = pull.files.reduce((n, f) => n + (f.deletions ?? 0), 0);
    Object.assign(json, {
      url: api,
      id: issue.id,
      node_id: nodeId('PullRequest', issue.id),
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      issue_url: issueApi,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${this.repoApi(r)}/pulls/comments{/number}`,
      comments_url: `${issueApi}/comments`,
      statuses_url: `${this.repoApi(r)}/statuses/${pull.head.sha}`,
      number: issue.number,
      state: issue.state,
      locked: issue.locked,
      title: issue.title,
      user: this.user(issue.user),
      body: issue.body,
      labels: this.labelsOf(r, issue),
      milestone: null,
      active_lock_reason: null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${headOwner}:${pull.head.ref}`, ref: pull.head.ref, sha: pull.head.sha, user: this.user(headRepoData.owner), repo: headRepo },
      base: { label: `${r.owner.login}:${pull.base.ref}`, ref: pull.base.ref, sha: pull.base.sha, user: this.user(r.owner), repo: this.repository(r) },
      _links: {
        self: { href: api },
        html: { href: web },
        issue: { href: issueApi },
        comments: { href: `${issueApi}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: `${this.repoApi(r)}/pulls/comments{/number}` },
        commits: { href: `${api}/commits` },
        statuses: { href: `${this.repoApi(r)}/statuses/${pull.head.sha}` },
      },
      author_association: this.authorAssociation(r, issue.user),
      auto_merge: null,
      draft: pull.draft,
      merged: pull.merged,
      mergeable: true,
      rebaseable: true,
      mergeable_state: 'clean',
      merged_by: null,
      comments: [...r.comments.values()].filter((c) => c.issueNumber === issue.number).length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions,
      deletions,
      changed_files: pull.files.length,
    });
    return json;
  }

  diffEntry(r: RepoData, commitSha: string, f: DiffEntryInput): Json {
    const additions = f.additions ?? 0;
    const deletions = f.deletions ?? 0;
    const path = f.filename.split('/').map(encodeURIComponent).join('/');
    return dropUndefined({
      sha: f.sha ?? fakeSha('blob', f.filename, commitSha),
      filename: f.filename,
      status: f.status ?? 'modified',
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${this.repoWeb(r)}/blob/${commitSha}/${path}`,
      raw_url: `${this.repoWeb(r)}/raw/${commitSha}/${path}`,
      contents_url: `${this.repoApi(r)}/contents/${path}?ref=${commitSha}`,
      patch: f.patch,
      previous_filename: f.previous_filename,
    });
  }

  commit(r: RepoData, c: CommitData, files?: DiffEntryInput[]): Json {
    const json = this.retarget(example('repos/get-commit', 200), r);
    const api = `${this.repoApi(r)}/commits/${c.sha}`;
    const additions = c.files.reduce((n, f) => n + (f.additions ?? 0), 0);
    const deletions = c.files.reduce((n, f) => n + (f.deletions ?? 0), 0);
    Object.assign(json, {
      url: api,
      sha: c.sha,
      node_id: nodeId('Commit', c.sha),
      html_url: `${this.repoWeb(r)}/commit/${c.sha}`,
      comments_url: `${api}/comments`,
      commit: {
        url: `${this.repoApi(r)}/git/commits/${c.sha}`,
        author: c.author,
        committer: c.author,
        message: c.message,
        tree: { url: `${this.repoApi(r)}/git/trees/${fakeSha('tree', c.sha)}`, sha: fakeSha('tree', c.sha) },
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      author: null,
      committer: null,
      parents: c.parents.map((sha) => ({ url: `${this.repoApi(r)}/commits/${sha}`, sha, html_url: `${this.repoWeb(r)}/commit/${sha}` })),
      stats: { additions, deletions, total: additions + deletions },
      files: (files ?? c.files).map((f) => this.diffEntry(r, c.sha, f)),
    });
    return json;
  }

  deployment(r: RepoData, d: DeploymentData): Json {
    const url = `${this.repoApi(r)}/deployments/${d.id}`;
    return {
      url,
      id: d.id,
      node_id: nodeId('Deployment', d.id),
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${url}/statuses`,
      repository_url: this.repoApi(r),
      transient_environment: d.transient,
      production_environment: d.production,
      performed_via_github_app: null,
    };
  }

  deploymentStatus(r: RepoData, d: DeploymentData, s: DeploymentStatusData): Json {
    const deploymentUrl = `${this.repoApi(r)}/deployments/${d.id}`;
    return {
      url: `${deploymentUrl}/statuses/${s.id}`,
      id: s.id,
      node_id: nodeId('DeploymentStatus', s.id),
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.createdAt,
      deployment_url: deploymentUrl,
      repository_url: this.repoApi(r),
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: null,
    };
  }

  gitRef(r: RepoData, fullRef: string, ref: RefData): Json {
    const objectUrl = `${this.repoApi(r)}/git/${ref.type === 'tag' ? 'tags' : 'commits'}/${ref.sha}`;
    return {
      ref: fullRef,
      node_id: nodeId('Ref', fullRef),
      url: `${this.repoApi(r)}/git/${fullRef}`,
      object: { type: ref.type, sha: ref.sha, url: objectUrl },
    };
  }

  gitTag(r: RepoData, t: TagObjectData): Json {
    return {
      node_id: nodeId('Tag', t.sha),
      tag: t.tag,
      sha: t.sha,
      url: `${this.repoApi(r)}/git/tags/${t.sha}`,
      message: t.message,
      tagger: t.tagger,
      object: { type: t.object.type, sha: t.object.sha, url: `${this.repoApi(r)}/git/commits/${t.object.sha}` },
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  tag(r: RepoData, name: string, commitSha: string): Json {
    return {
      name,
      commit: { sha: commitSha, url: `${this.repoApi(r)}/commits/${commitSha}` },
      zipball_url: `${this.repoApi(r)}/zipball/refs/tags/${encodeURIComponent(name)}`,
      tarball_url: `${this.repoApi(r)}/tarball/refs/tags/${encodeURIComponent(name)}`,
      node_id: nodeId('Ref', `refs/tags/${name}`),
    };
  }

  release(r: RepoData, rel: ReleaseData): Json {
    const json = this.retarget(example('repos/create-release', 201), r);
    const url = `${this.repoApi(r)}/releases/${rel.id}`;
    const tag = encodeURIComponent(rel.tagName);
    Object.assign(json, {
      url,
      html_url: rel.draft ? `${this.repoWeb(r)}/releases/tag/untagged-${fakeSha('draft', rel.id).slice(0, 20)}` : `${this.repoWeb(r)}/releases/tag/${tag}`,
      assets_url: `${url}/assets`,
      upload_url: `${this.api}/repos/${r.owner.login}/${r.name}/releases/${rel.id}/assets{?name,label}`,
      tarball_url: `${this.repoApi(r)}/tarball/${tag}`,
      zipball_url: `${this.repoApi(r)}/zipball/${tag}`,
      id: rel.id,
      node_id: nodeId('Release', rel.id),
      tag_name: rel.tagName,
      target_commitish: rel.targetCommitish,
      name: rel.name,
      body: rel.body,
      draft: rel.draft,
      prerelease: rel.prerelease,
      immutable: false,
      created_at: rel.createdAt,
      published_at: rel.publishedAt,
      author: this.user(rel.author),
      assets: [],
    });
    delete json.discussion_url;
    return json;
  }
}

/** A stable id for a user known only by login (assignees, fork owners). */
export function userId(login: string): number {
  return 100_000 + (parseInt(fakeSha('user', login.toLowerCase()).slice(0, 7), 16) % 10_000_000);
}

function dropUndefined(json: Json): Json {
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  return json;
}
