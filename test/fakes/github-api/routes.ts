/**
 * One handler per served operationId: GitHub's behaviour for that endpoint on top of the state,
 * including its business-rule errors (an existing label, an unknown SHA, a non-fast-forward ref
 * update), answered with GitHub's messages. Requests reaching a handler already passed schema,
 * auth and permission checks (server.ts).
 */
import type { Operation } from './openapi.js';
import type { CommentData, DeploymentData, DiffEntryInput, FakeGitHubState, FakeUser, IssueData, RepoData } from './state.js';
import type { Renderer } from './templates.js';

type Json = Record<string, any>;

export interface RouteContext {
  state: FakeGitHubState;
  render: Renderer;
  operation: Operation;
  /** Path and query parameters, coerced to their declared types, with documented defaults filled in. */
  params: Record<string, any>;
  /** The raw query, to tell a parameter left out from one given its default value. */
  query: URLSearchParams;
  body: any;
  /** Who the token belongs to. */
  user: FakeUser;
  /** Whether the token is an integration token (GITHUB_TOKEN), which GitHub treats differently in places. */
  integration: boolean;
  /** The repository of a `/repos/{owner}/{repo}/...` path (undefined for `/user`). */
  repo?: RepoData;
  /** The request path below the repository (`/issues/7/comments`), for Link headers. */
  repoSubpath: string;
  accept: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (a diff), sent as is and not validated against a JSON schema. */
  raw?: { contentType: string; text: string };
}

/** An answer GitHub gives as an error; the server renders it with `documentation_url`. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Json = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFound = (message = 'Not Found') => new GitHubError(404, message);
const validationFailed = (errors: Json[]) => new GitHubError(422, 'Validation Failed', { errors });

/** GitHub caps a comment or issue body at 65536 characters. */
const MAX_BODY = 65536;

function repoOf(ctx: RouteContext): RepoData {
  if (!ctx.repo) throw new Error(`${ctx.operation.operationId} needs a repository`);
  return ctx.repo;
}

function issueOf(ctx: RouteContext, number: number): IssueData {
  const issue = repoOf(ctx).issues.get(number);
  if (!issue) throw notFound();
  return issue;
}

function commentOf(ctx: RouteContext): CommentData {
  const comment = repoOf(ctx).comments.get(ctx.params.comment_id);
  if (!comment) throw notFound();
  return comment;
}

function deploymentOf(ctx: RouteContext): DeploymentData {
  const deployment = repoOf(ctx).deployments.find((d) => d.id === ctx.params.deployment_id);
  if (!deployment) throw notFound();
  return deployment;
}

function checkBody(resource: string, body: unknown): void {
  if (typeof body !== 'string') return;
  if (body.length > MAX_BODY)
    throw validationFailed([{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
}

/**
 * One page of `items` with GitHub's Link header. GitHub writes repository-scoped links with the
 * repository id (`/repositories/1296269/issues/7/comments?per_page=100&page=2`), keeps the other
 * query parameters, and orders the relations prev, next, last, first.
 */
function paginate(ctx: RouteContext, items: unknown[], perPage: number = ctx.params.per_page ?? 30): RouteResult {
  const page: number = ctx.params.page ?? 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const body = items.slice((page - 1) * perPage, page * perPage);
  const base = ctx.repo ? `${ctx.render.api}/repositories/${ctx.repo.id}${ctx.repoSubpath}` : `${ctx.render.api}${ctx.repoSubpath}`;
  const link = (p: number) => {
    const query = new URLSearchParams(ctx.query);
    query.delete('page');
    query.append('page', String(p));
    return `<${base}?${query.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) rels.push(`${link(1)}; rel="first"`);
  return { status: 200, body, headers: rels.length ? { link: rels.join(', ') } : {} };
}

function labelNames(input: unknown[]): string[] {
  return input.map((l) => (typeof l === 'string' ? l : String((l as Json).name ?? ''))).filter((n) => n.length > 0);
}

function isAncestor(r: RepoData, ancestor: string, sha: string): boolean {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length) {
    const current = queue.shift()!;
    if (current === ancestor) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(r.commits.get(current)?.parents ?? []));
  }
  return false;
}

/** Commits after `base` up to `head`, oldest first, following first parents; undefined when base is not an ancestor. */
function commitsBetween(r: RepoData, base: string, head: string): string[] | undefined {
  const chain: string[] = [];
  let current: string | undefined = head;
  while (current && current !== base) {
    chain.unshift(current);
    if (chain.length > 10_000) return undefined;
    current = r.commits.get(current)?.parents[0];
  }
  return current === base ? chain : undefined;
}

function unifiedDiff(files: DiffEntryInput[]): string {
  return files
    .map((f) => {
      const from = f.status === 'added' ? '/dev/null' : `a/${f.previous_filename ?? f.filename}`;
      const to = f.status === 'removed' ? '/dev/null' : `b/${f.filename}`;
      return `diff --git a/${f.previous_filename ?? f.filename} b/${f.filename}\n--- ${from}\n+++ ${to}\n${f.patch ?? ''}\n`;
    })
    .join('');
}

const wantsDiff = (accept: string) => /\.(diff|patch)\b/.test(accept);

function created(body: Json): RouteResult {
  return { status: 201, body, headers: { location: String(body.url) } };
}

export const ROUTES: Record<string, (ctx: RouteContext) => RouteResult> = {
  // ---- issue comments ----
  'issues/list-comments': (ctx) => {
    const r = repoOf(ctx);
    issueOf(ctx, ctx.params.issue_number);
    const since = ctx.params.since ? Date.parse(ctx.params.since) : undefined;
    const comments = [...r.comments.values()]
      .filter((c) => c.issueNumber === ctx.params.issue_number && (since === undefined || Date.parse(c.updatedAt) >= since))
      .sort((a, b) => a.id - b.id);
    return paginate(
      ctx,
      comments.map((c) => ctx.render.comment(r, c)),
    );
  },
  'issues/create-comment': (ctx) => {
    const r = repoOf(ctx);
    const issue = issueOf(ctx, ctx.params.issue_number);
    if (!ctx.body.body.trim()) throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    checkBody('IssueComment', ctx.body.body);
    const now = ctx.state.now();
    const comment: CommentData = { id: ctx.state.newId(), issueNumber: issue.number, body: ctx.body.body, user: ctx.user, createdAt: now, updatedAt: now };
    r.comments.set(comment.id, comment);
    issue.updatedAt = now;
    return created(ctx.render.comment(r, comment));
  },
  'issues/get-comment': (ctx) => ({ status: 200, body: ctx.render.comment(repoOf(ctx), commentOf(ctx)) }),
  'issues/update-comment': (ctx) => {
    const comment = commentOf(ctx);
    if (!ctx.body.body.trim()) throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    checkBody('IssueComment', ctx.body.body);
    comment.body = ctx.body.body;
    comment.updatedAt = ctx.state.now();
    return { status: 200, body: ctx.render.comment(repoOf(ctx), comment) };
  },
  'issues/delete-comment': (ctx) => {
    repoOf(ctx).comments.delete(commentOf(ctx).id);
    return { status: 204 };
  },

  // ---- labels ----
  'issues/list-labels-on-issue': (ctx) => paginate(ctx, ctx.render.labelsOf(repoOf(ctx), issueOf(ctx, ctx.params.issue_number))),
  'issues/add-labels': (ctx) => {
    const r = repoOf(ctx);
    const issue = issueOf(ctx, ctx.params.issue_number);
    // GitHub creates labels that do not exist yet.
    for (const name of labelNames(ctx.body.labels ?? [])) ctx.state.addLabelToIssue(r, issue, name);
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: ctx.render.labelsOf(r, issue) };
  },
  'issues/remove-label': (ctx) => {
    const r = repoOf(ctx);
    const issue = issueOf(ctx, ctx.params.issue_number);
    const index = issue.labels.findIndex((l) => l.toLowerCase() === String(ctx.params.name).toLowerCase());
    if (index < 0) throw notFound('Label does not exist');
    issue.labels.splice(index, 1);
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: ctx.render.labelsOf(r, issue) };
  },
  'issues/create-label': (ctx) => {
    const r = repoOf(ctx);
    const { name, color, description } = ctx.body as { name: string; color?: string; description?: string };
    if (r.labels.has(name.toLowerCase())) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    if (color !== undefined && !/^#?[0-9a-fA-F]{6}$/.test(color)) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
    if (description !== undefined && description.length > 100)
      throw validationFailed([{ resource: 'Label', code: 'custom', field: 'description', message: 'description is too long (maximum is 100 characters)' }]);
    const label = ctx.state.ensureLabel(r, name, { color: color ?? 'ededed', description: description ?? null });
    return created(ctx.render.label(r, label));
  },
  'issues/get-label': (ctx) => {
    const r = repoOf(ctx);
    const label = r.labels.get(String(ctx.params.name).toLowerCase());
    if (!label) throw notFound();
    return { status: 200, body: ctx.render.label(r, label) };
  },

  // ---- issues ----
  'issues/create': (ctx) => {
    const r = repoOf(ctx);
    const b = ctx.body as Json;
    checkBody('Issue', b.body);
    const issue = ctx.state.seedIssue(r.owner.login, r.name, {
      title: String(b.title),
      body: b.body ?? null,
      labels: labelNames(b.labels ?? []),
      user: ctx.user,
      assignees: [...(b.assignees ?? []), ...(b.assignee ? [b.assignee] : [])],
    });
    return created(ctx.render.issue(r, issue));
  },
  'issues/update': (ctx) => {
    const r = repoOf(ctx);
    const issue = issueOf(ctx, ctx.params.issue_number);
    const b = ctx.body as Json;
    checkBody('Issue', b.body);
    const now = ctx.state.now();
    if (b.title !== undefined && b.title !== null) issue.title = String(b.title);
    if (b.body !== undefined) issue.body = b.body;
    if (b.state && b.state !== issue.state) {
      issue.state = b.state;
      issue.closedAt = b.state === 'closed' ? now : null;
      issue.stateReason = b.state === 'closed' ? (b.state_reason ?? 'completed') : 'reopened';
    } else if (b.state_reason !== undefined) {
      issue.stateReason = b.state_reason;
    }
    if (Array.isArray(b.labels)) {
      issue.labels = [];
      for (const name of labelNames(b.labels)) ctx.state.addLabelToIssue(r, issue, name);
    }
    if (Array.isArray(b.assignees)) issue.assignees = b.assignees.map((a: string | Json) => (typeof a === 'string' ? a : String(a.login)));
    issue.updatedAt = now;
    return { status: 200, body: ctx.render.issue(r, issue) };
  },
  'issues/list-for-repo': (ctx) => {
    const r = repoOf(ctx);
    const { state, labels, creator, assignee, since, sort, direction } = ctx.params;
    const wanted = labels
      ? String(labels)
          .split(',')
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean)
      : [];
    const sinceMs = since ? Date.parse(since) : undefined;
    const key = (i: IssueData) =>
      sort === 'updated' ? Date.parse(i.updatedAt) : sort === 'comments' ? [...r.comments.values()].filter((c) => c.issueNumber === i.number).length : i.id;
    const issues = [...r.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .filter((i) => !creator || i.user.login.toLowerCase() === String(creator).toLowerCase())
      .filter((i) => !assignee || (assignee === 'none' ? i.assignees.length === 0 : assignee === '*' ? i.assignees.length > 0 : i.assignees.includes(assignee)))
      .filter((i) => sinceMs === undefined || Date.parse(i.updatedAt) >= sinceMs)
      .sort((a, b) => (direction === 'asc' ? key(a) - key(b) : key(b) - key(a)));
    return paginate(
      ctx,
      issues.map((i) => ctx.render.issue(r, i)),
    );
  },

  // ---- pull requests ----
  'pulls/get': (ctx) => {
    const r = repoOf(ctx);
    const issue = issueOf(ctx, ctx.params.pull_number);
    if (!issue.pull) throw notFound();
    if (wantsDiff(ctx.accept)) return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', text: unifiedDiff(issue.pull.files) } };
    return { status: 200, body: ctx.render.pullRequest(r, issue) };
  },
  'pulls/list-files': (ctx) => {
    const r = repoOf(ctx);
    const issue = issueOf(ctx, ctx.params.pull_number);
    if (!issue.pull) throw notFound();
    // GitHub lists at most 3000 files of a pull request.
    const files = issue.pull.files.slice(0, 3000).map((f) => ctx.render.diffEntry(r, issue.pull!.head.sha, f));
    return paginate(ctx, files);
  },

  // ---- commits ----
  'repos/get-commit': (ctx) => {
    const r = repoOf(ctx);
    const sha = ctx.state.resolveCommitish(r.owner.login, r.name, ctx.params.ref);
    if (!sha) throw new GitHubError(422, `No commit found for SHA: ${ctx.params.ref}`);
    const commit = r.commits.get(sha)!;
    // Files come 300 to a page unless per_page is given; the rest of the commit repeats on every page.
    const perPage = ctx.query.has('per_page') ? ctx.params.per_page : 300;
    const page = paginate(ctx, commit.files, perPage);
    return { status: 200, body: ctx.render.commit(r, commit, page.body as DiffEntryInput[]), headers: page.headers };
  },
  'repos/compare-commits': (ctx) => {
    const r = repoOf(ctx);
    const { base, head } = ctx.params as { base: string; head: string };
    const baseSha = ctx.state.resolveCommitish(r.owner.login, r.name, base);
    const headSha = ctx.state.resolveCommitish(r.owner.login, r.name, head);
    if (!baseSha || !headSha) throw notFound();
    const seeded = r.comparisons.get(`${base}...${head}`) ?? r.comparisons.get(`${baseSha}...${headSha}`);
    let commits: string[];
    let files: DiffEntryInput[];
    let status: string;
    if (seeded) {
      commits = seeded.commits ?? (baseSha === headSha ? [] : [headSha]);
      files = seeded.files;
      status = seeded.status ?? (commits.length ? 'ahead' : 'identical');
    } else {
      const chain = commitsBetween(r, baseSha, headSha);
      if (!chain) throw notFound(`No common ancestor between ${base} and ${head}.`);
      commits = chain;
      // Later commits' version of a file wins, as in a real diff of the two trees.
      const byName = new Map<string, DiffEntryInput>();
      for (const sha of chain) for (const f of r.commits.get(sha)?.files ?? []) byName.set(f.filename, f);
      files = [...byName.values()];
      status = chain.length ? 'ahead' : 'identical';
    }
    if (wantsDiff(ctx.accept)) return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', text: unifiedDiff(files) } };
    const commitJson = (sha: string) => {
      const c = r.commits.get(sha) ?? ctx.state.seedCommit(r.owner.login, r.name, sha);
      const { files: _files, stats: _stats, ...rest } = ctx.render.commit(r, c);
      return rest;
    };
    const basehead = `${base}...${head}`;
    const mergeBase = commitJson(baseSha);
    return {
      status: 200,
      body: {
        url: `${ctx.render.repoApi(r)}/compare/${basehead}`,
        html_url: `${ctx.render.repoWeb(r)}/compare/${basehead}`,
        permalink_url: `${ctx.render.repoWeb(r)}/compare/${r.owner.login}:${baseSha.slice(0, 7)}...${r.owner.login}:${headSha.slice(0, 7)}`,
        diff_url: `${ctx.render.repoWeb(r)}/compare/${basehead}.diff`,
        patch_url: `${ctx.render.repoWeb(r)}/compare/${basehead}.patch`,
        base_commit: mergeBase,
        merge_base_commit: mergeBase,
        status,
        ahead_by: status === 'behind' ? 0 : commits.length,
        behind_by: status === 'behind' ? commits.length : 0,
        total_commits: commits.length,
        commits: commits.map(commitJson),
        files: files.slice(0, 300).map((f) => ctx.render.diffEntry(r, headSha, f)),
      },
    };
  },

  // ---- deployments ----
  'repos/create-deployment': (ctx) => {
    const r = repoOf(ctx);
    const b = ctx.body as Json;
    const sha = ctx.state.resolveCommitish(r.owner.login, r.name, b.ref);
    if (!sha) throw new GitHubError(422, `No ref found for: ${b.ref}`);
    const environment = b.environment ?? 'production';
    const deployment = ctx.state.seedDeployment(r.owner.login, r.name, {
      ref: b.ref,
      sha,
      environment,
      task: b.task,
      description: b.description ?? '',
      transient: b.transient_environment,
      production: b.production_environment ?? environment === 'production',
      payload: typeof b.payload === 'string' && b.payload ? safeJson(b.payload) : (b.payload ?? {}),
      creator: ctx.user,
    });
    return created(ctx.render.deployment(r, deployment));
  },
  'repos/list-deployments': (ctx) => {
    const r = repoOf(ctx);
    const filters: Array<[string, (d: DeploymentData) => string]> = [
      ['sha', (d) => d.sha],
      ['ref', (d) => d.ref],
      ['task', (d) => d.task],
      ['environment', (d) => d.environment],
    ];
    const deployments = [...r.deployments]
      .filter((d) => filters.every(([name, get]) => !ctx.query.has(name) || get(d) === ctx.query.get(name)))
      .sort((a, b) => b.id - a.id);
    return paginate(
      ctx,
      deployments.map((d) => ctx.render.deployment(r, d)),
    );
  },
  'repos/get-deployment': (ctx) => ({ status: 200, body: ctx.render.deployment(repoOf(ctx), deploymentOf(ctx)) }),
  'repos/create-deployment-status': (ctx) => {
    const r = repoOf(ctx);
    const deployment = deploymentOf(ctx);
    const b = ctx.body as Json;
    if (typeof b.description === 'string' && b.description.length > 140) {
      throw validationFailed([
        { resource: 'DeploymentStatus', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' },
      ]);
    }
    const status = ctx.state.addDeploymentStatus(r, deployment, {
      state: b.state,
      description: b.description,
      environment: b.environment,
      environmentUrl: b.environment_url,
      logUrl: b.log_url,
      targetUrl: b.target_url,
      autoInactive: b.auto_inactive,
      creator: ctx.user,
    });
    return created(ctx.render.deploymentStatus(r, deployment, status));
  },
  'repos/list-deployment-statuses': (ctx) => {
    const r = repoOf(ctx);
    const deployment = deploymentOf(ctx);
    return paginate(
      ctx,
      [...deployment.statuses].sort((a, b) => b.id - a.id).map((s) => ctx.render.deploymentStatus(r, deployment, s)),
    );
  },

  // ---- git refs, tags, releases ----
  'git/get-ref': (ctx) => {
    const r = repoOf(ctx);
    const fullRef = `refs/${ctx.params.ref}`;
    const ref = r.refs.get(fullRef);
    if (!ref) throw notFound();
    return { status: 200, body: ctx.render.gitRef(r, fullRef, ref) };
  },
  'git/list-matching-refs': (ctx) => {
    const r = repoOf(ctx);
    const prefix = `refs/${ctx.params.ref}`;
    const refs = [...r.refs.entries()].filter(([name]) => name.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
    return { status: 200, body: refs.map(([name, ref]) => ctx.render.gitRef(r, name, ref)) };
  },
  'git/get-tag': (ctx) => {
    const r = repoOf(ctx);
    const tag = r.tagObjects.get(ctx.params.tag_sha);
    if (!tag) throw notFound();
    return { status: 200, body: ctx.render.gitTag(r, tag) };
  },
  'git/create-ref': (ctx) => {
    const r = repoOf(ctx);
    const { ref, sha } = ctx.body as { ref: string; sha: string };
    if (!/^refs\/[^/]+\/.+/.test(ref)) throw new GitHubError(422, "Reference name must start with 'refs/' and have at least two slashes.");
    if (!r.commits.has(sha) && !r.tagObjects.has(sha)) throw new GitHubError(422, 'Object does not exist');
    if (r.refs.has(ref)) throw new GitHubError(422, 'Reference already exists');
    const target = { sha, type: r.tagObjects.has(sha) ? ('tag' as const) : ('commit' as const) };
    r.refs.set(ref, target);
    return created(ctx.render.gitRef(r, ref, target));
  },
  'git/update-ref': (ctx) => {
    const r = repoOf(ctx);
    const fullRef = `refs/${ctx.params.ref}`;
    const current = r.refs.get(fullRef);
    const { sha, force } = ctx.body as { sha: string; force?: boolean };
    if (!current) throw new GitHubError(422, 'Reference does not exist');
    if (!r.commits.has(sha) && !r.tagObjects.has(sha)) throw new GitHubError(422, 'Object does not exist');
    if (!force && current.type === 'commit' && !isAncestor(r, current.sha, sha)) throw new GitHubError(422, 'Update is not a fast forward');
    const target = { sha, type: r.tagObjects.has(sha) ? ('tag' as const) : ('commit' as const) };
    r.refs.set(fullRef, target);
    return { status: 200, body: ctx.render.gitRef(r, fullRef, target) };
  },
  'repos/list-tags': (ctx) => {
    const r = repoOf(ctx);
    const tags = [...r.refs.entries()]
      .filter(([name]) => name.startsWith('refs/tags/'))
      .map(([name, ref]) => ({ name: name.slice('refs/tags/'.length), sha: ref.type === 'tag' ? r.tagObjects.get(ref.sha)!.object.sha : ref.sha }))
      // GitHub lists tags newest version first.
      .sort((a, b) => b.name.localeCompare(a.name, 'en', { numeric: true }));
    return paginate(
      ctx,
      tags.map((t) => ctx.render.tag(r, t.name, t.sha)),
    );
  },
  'repos/get-release-by-tag': (ctx) => {
    const r = repoOf(ctx);
    // Drafts have no tag yet: GitHub does not find them by tag name.
    const release = r.releases.find((rel) => rel.tagName === ctx.params.tag && !rel.draft);
    if (!release) throw notFound();
    return { status: 200, body: ctx.render.release(r, release) };
  },
  'repos/list-releases': (ctx) => {
    const r = repoOf(ctx);
    return paginate(
      ctx,
      [...r.releases].sort((a, b) => b.id - a.id).map((rel) => ctx.render.release(r, rel)),
    );
  },
  'repos/create-release': (ctx) => {
    const r = repoOf(ctx);
    const b = ctx.body as Json;
    if (r.releases.some((rel) => rel.tagName === b.tag_name)) throw validationFailed([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    const target = b.target_commitish ?? r.defaultBranch;
    if (!r.refs.has(`refs/tags/${b.tag_name}`) && !ctx.state.resolveCommitish(r.owner.login, r.name, target)) {
      throw validationFailed([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
    }
    const body = b.body ?? (b.generate_release_notes ? `**Full Changelog**: ${ctx.render.repoWeb(r)}/commits/${b.tag_name}` : null);
    const release = ctx.state.seedRelease(r.owner.login, r.name, {
      tagName: b.tag_name,
      targetCommitish: target,
      name: b.name ?? b.tag_name,
      body,
      draft: b.draft,
      prerelease: b.prerelease,
      author: ctx.user,
    });
    return created(ctx.render.release(r, release));
  },

  // ---- users and repositories ----
  'users/get-authenticated': (ctx) => {
    // An installation token (GITHUB_TOKEN) has no user behind it.
    if (ctx.integration) throw new GitHubError(403, 'Resource not accessible by integration');
    return { status: 200, body: ctx.render.privateUser(ctx.user) };
  },
  'repos/get': (ctx) => {
    const r = repoOf(ctx);
    const body = ctx.render.repository(r, true);
    body.permissions = { admin: !ctx.integration, maintain: !ctx.integration, push: true, triage: true, pull: true };
    return { status: 200, body };
  },
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
