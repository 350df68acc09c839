/**
 * The fake GitHub API itself: it accepts what GitHub's description allows (and answers in its shapes),
 * refuses and records what it does not, keeps state, paginates like GitHub, and injects faults and
 * permission errors on request.
 */
import { startFakeGitHubApi, expectNoViolations, type FakeGitHubApi } from '../fakes/github-api/server.js';
import { loadSpec } from '../fakes/github-api/openapi.js';
import { ROUTES } from '../fakes/github-api/routes.js';

const OWNER = 'octo-org';
const REPO = 'data-platform';
const TOKEN = 'ghs_faketoken';

let api: FakeGitHubApi;

beforeEach(async () => {
  api = await startFakeGitHubApi();
});

afterEach(async () => {
  await api.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `token ${TOKEN}`,
      accept: 'application/vnd.github+json',
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const repoPath = (rest: string) => `/repos/${OWNER}/${REPO}${rest}`;

/** Parses `<url>; rel="next", ...` into { next: url, ... }. */
function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

describe('the description', () => {
  test('every operation in openapi.slim.json has a handler, and the slice names its source', () => {
    const spec = loadSpec();
    expect(spec.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(spec.source).toContain('@octokit/openapi@');
    expect(spec.operations.length).toBeGreaterThanOrEqual(33);
    expect(spec.operations.map((o) => o.operationId).filter((id) => !ROUTES[id])).toEqual([]);
  });
});

describe('issue comments', () => {
  test('a schema-valid comment is created with GitHub headers and listed back', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7, title: 'Add orders model' });
    const created = await call('POST', repoPath('/issues/7/comments'), { body: 'Plan: 3 models changed' }, { 'x-github-api-version': '2022-11-28' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ body: 'Plan: 3 models changed', user: { login: 'github-actions[bot]', type: 'Bot' } });
    expect(created.body.url).toBe(`${api.url}/repos/${OWNER}/${REPO}/issues/comments/${created.body.id}`);
    expect(created.headers.get('location')).toBe(created.body.url);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(created.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/);
    expect(created.headers.get('x-github-api-version-selected')).toBe('2022-11-28');
    expect(Number(created.headers.get('x-ratelimit-remaining'))).toBeLessThan(Number(created.headers.get('x-ratelimit-limit')));

    const listed = await call('GET', repoPath('/issues/7/comments'));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([created.body]);
    expect(api.requests.map((r) => r.operationId)).toEqual(['issues/create-comment', 'issues/list-comments']);
    expect(api.state.comments(OWNER, REPO, 7).map((c) => c.body)).toEqual(['Plan: 3 models changed']);
    expectNoViolations(api);
  });

  test('update, get and delete act on the stored comment', async () => {
    const seeded = api.state.seedComment(OWNER, REPO, 3, '<!-- sticky -->\nold');
    const updated = await call('PATCH', repoPath(`/issues/comments/${seeded.id}`), { body: '<!-- sticky -->\nnew' });
    expect(updated.status).toBe(200);
    expect((await call('GET', repoPath(`/issues/comments/${seeded.id}`))).body.body).toBe('<!-- sticky -->\nnew');
    const deleted = await call('DELETE', repoPath(`/issues/comments/${seeded.id}`));
    expect(deleted.status).toBe(204);
    expect((await call('GET', repoPath(`/issues/comments/${seeded.id}`))).status).toBe(404);
    expectNoViolations(api);
  });

  test('250 comments paginate with GitHub Link headers (next/last, then prev/first)', async () => {
    for (let i = 1; i <= 250; i++) api.state.seedComment(OWNER, REPO, 7, `comment ${i}`);
    const repoId = api.state.repo(OWNER, REPO).id;
    const first = await call('GET', repoPath('/issues/7/comments?per_page=100'));
    expect(first.body).toHaveLength(100);
    expect(first.headers.get('link')).toBe(
      `<${api.url}/repositories/${repoId}/issues/7/comments?per_page=100&page=2>; rel="next", ` +
        `<${api.url}/repositories/${repoId}/issues/7/comments?per_page=100&page=3>; rel="last"`,
    );

    // Follow rel="next" as octokit.paginate does, through the /repositories/{id} alias.
    const bodies: string[] = first.body.map((c: { body: string }) => c.body);
    let next = links(first.headers.get('link')).next;
    let last: Answer = first;
    while (next) {
      last = await call('GET', next.slice(api.url.length));
      bodies.push(...last.body.map((c: { body: string }) => c.body));
      next = links(last.headers.get('link')).next;
    }
    expect(bodies).toEqual(Array.from({ length: 250 }, (_, i) => `comment ${i + 1}`));
    expect(last.body).toHaveLength(50);
    expect(Object.keys(links(last.headers.get('link')))).toEqual(['prev', 'first']);

    const middle = await call('GET', repoPath('/issues/7/comments?per_page=100&page=2'));
    expect(Object.keys(links(middle.headers.get('link')))).toEqual(['prev', 'next', 'last', 'first']);
    const single = await call('GET', repoPath('/issues/8/comments'));
    expect(single.status).toBe(404); // no such issue
    expectNoViolations(api);
  });
});

describe('violations', () => {
  test('a body of the wrong type is recorded and answered 422 like GitHub', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    const answer = await call('POST', repoPath('/issues/7/comments'), { body: 5 });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toContain("for 'body', 5 is not a string");
    expect(answer.body.documentation_url).toBe('https://docs.github.com/rest/issues/comments#create-an-issue-comment');
    expect(api.violations).toHaveLength(1);
    expect(api.violations[0]).toContain('(issues/create-comment)');
    expect(api.state.comments(OWNER, REPO, 7)).toEqual([]);
    expect(() => expectNoViolations(api)).toThrow(/is not a string/);
  });

  test('a missing required property is a violation', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    const answer = await call('POST', repoPath('/issues/7/comments'), { text: 'hi' });
    expect(answer.status).toBe(422);
    expect(api.violations.join('\n')).toContain('"body" wasn\'t supplied');
  });

  test('per_page above 100, an unknown query parameter and a non-numeric issue number are violations', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    expect((await call('GET', repoPath('/issues/7/comments?per_page=500'))).status).toBe(422);
    expect((await call('GET', repoPath('/issues/7/comments?perPage=50'))).status).toBe(422);
    expect((await call('GET', repoPath('/issues/seven/comments'))).status).toBe(422);
    expect(api.violations).toEqual([
      expect.stringContaining('query parameter "per_page"'),
      expect.stringContaining('query parameter "perPage" is not accepted'),
      expect.stringContaining('path parameter "issue_number"'),
    ]);
  });

  test('an operation GitHub does not have is a violation answered 404, as GitHub does', async () => {
    const unknown = await call('GET', repoPath('/no-such-thing'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Not Found');
    const wrongMethod = await call('PUT', repoPath('/issues/7/comments'), { body: 'x' });
    expect(wrongMethod.status).toBe(404);
    expect(api.violations).toHaveLength(2);
    expect(api.violations[1]).toContain('PUT is not an operation of this path');
  });

  test('a request without Authorization is a violation answered 401', async () => {
    const response = await fetch(`${api.url}${repoPath('')}`);
    expect(response.status).toBe(401);
    expect(api.violations[0]).toContain('no Authorization header');
  });
});

describe('deployments', () => {
  test('deployments and their statuses round-trip newest first, filtered and paginated', async () => {
    const sha = 'd'.repeat(40);
    api.state.seedCommit(OWNER, REPO, sha);
    const ids: number[] = [];
    for (const environment of ['staging', 'production', 'staging']) {
      const created = await call('POST', repoPath('/deployments'), {
        ref: sha,
        environment,
        auto_merge: false,
        required_contexts: [],
        description: `to ${environment}`,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ sha, ref: sha, environment, task: 'deploy', production_environment: environment === 'production' });
      ids.push(created.body.id);
    }
    const staging = await call('GET', repoPath(`/deployments?environment=staging&sha=${sha}`));
    expect(staging.body.map((d: { id: number }) => d.id)).toEqual([ids[2], ids[0]]);
    const paged = await call('GET', repoPath('/deployments?per_page=2'));
    expect(paged.body.map((d: { id: number }) => d.id)).toEqual([ids[2], ids[1]]);
    expect(links(paged.headers.get('link')).next).toContain('page=2');

    const [older, , newer] = ids;
    await call('POST', repoPath(`/deployments/${older}/statuses`), { state: 'success', environment_url: 'https://staging.example.com' });
    await call('POST', repoPath(`/deployments/${newer}/statuses`), { state: 'in_progress', log_url: 'https://ci.example.com/run/2', description: 'deploying' });
    const done = await call('POST', repoPath(`/deployments/${newer}/statuses`), {
      state: 'success',
      environment_url: 'https://staging.example.com',
      log_url: 'https://ci.example.com/run/2',
      auto_inactive: true,
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      state: 'success',
      environment: 'staging',
      environment_url: 'https://staging.example.com',
      log_url: 'https://ci.example.com/run/2',
      target_url: 'https://ci.example.com/run/2',
    });

    const statuses = await call('GET', repoPath(`/deployments/${newer}/statuses`));
    expect(statuses.body.map((s: { state: string }) => s.state)).toEqual(['success', 'in_progress']);
    // auto_inactive: the earlier successful staging deployment was marked inactive.
    const olderStatuses = await call('GET', repoPath(`/deployments/${older}/statuses`));
    expect(olderStatuses.body.map((s: { state: string }) => s.state)).toEqual(['inactive', 'success']);
    expect((await call('GET', repoPath(`/deployments/${newer}`))).body.id).toBe(newer);
    expectNoViolations(api);
  });

  test('a deployment of a ref GitHub cannot resolve is refused 422', async () => {
    const answer = await call('POST', repoPath('/deployments'), { ref: 'no-such-branch' });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe('No ref found for: no-such-branch');
    expectNoViolations(api);
  });
});

describe('labels, issues and pull requests', () => {
  test('labels: create (422 when it exists), add to and remove from an issue', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    expect((await call('POST', repoPath('/labels'), { name: 'data-drift', color: 'd73a4a', description: 'Schema changed' })).status).toBe(201);
    const again = await call('POST', repoPath('/labels'), { name: 'Data-Drift' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
    const added = await call('POST', repoPath('/issues/7/labels'), { labels: ['data-drift', 'needs review'] });
    expect(added.body.map((l: { name: string }) => l.name)).toEqual(['data-drift', 'needs review']);
    const removed = await call('DELETE', repoPath(`/issues/7/labels/${encodeURIComponent('needs review')}`));
    expect(removed.body.map((l: { name: string }) => l.name)).toEqual(['data-drift']);
    expect((await call('DELETE', repoPath('/issues/7/labels/nope'))).status).toBe(404);
    expect((await call('GET', repoPath('/labels/data-drift'))).body.color).toBe('d73a4a');
    expect(api.state.labelsOn(OWNER, REPO, 7)).toEqual(['data-drift']);
    expectNoViolations(api);
  });

  test('issues: create, update and list by state and label', async () => {
    const created = await call('POST', repoPath('/issues'), { title: 'Freshness SLA missed', body: 'orders is 3h late', labels: ['freshness'] });
    expect(created.status).toBe(201);
    const n = created.body.number;
    await call('POST', repoPath('/issues'), { title: 'Other' });
    expect((await call('GET', repoPath('/issues?labels=freshness'))).body.map((i: { number: number }) => i.number)).toEqual([n]);
    const closed = await call('PATCH', repoPath(`/issues/${n}`), { state: 'closed', state_reason: 'completed' });
    expect(closed.body).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect((await call('GET', repoPath('/issues?state=closed'))).body.map((i: { number: number }) => i.number)).toEqual([n]);
    expect((await call('GET', repoPath('/issues'))).body).toHaveLength(1);
    expectNoViolations(api);
  });

  test('pulls/get and pulls/list-files answer from the seeded pull request', async () => {
    api.state.seedPullRequest(OWNER, REPO, {
      number: 12,
      headSha: 'a'.repeat(40),
      baseSha: 'b'.repeat(40),
      headRef: 'feature/orders',
      files: [
        { filename: 'models/orders.sql', status: 'modified', additions: 4, deletions: 1, patch: '@@ -1 +1 @@' },
        { filename: 'models/new.sql', status: 'added', additions: 10 },
      ],
    });
    const pr = await call('GET', repoPath('/pulls/12'));
    expect(pr.status).toBe(200);
    expect(pr.body.head).toMatchObject({ sha: 'a'.repeat(40), ref: 'feature/orders', repo: { full_name: `${OWNER}/${REPO}` } });
    expect(pr.body.base).toMatchObject({ sha: 'b'.repeat(40), ref: 'main' });
    const files = await call('GET', repoPath('/pulls/12/files?per_page=1'));
    expect(files.body.map((f: { filename: string }) => f.filename)).toEqual(['models/orders.sql']);
    expect(links(files.headers.get('link')).last).toContain('page=2');
    const compare = await call('GET', repoPath(`/compare/${'b'.repeat(40)}...${'a'.repeat(40)}`));
    expect(compare.body).toMatchObject({ status: 'ahead', ahead_by: 1, total_commits: 1 });
    expect(compare.body.files.map((f: { filename: string }) => f.filename)).toEqual(['models/orders.sql', 'models/new.sql']);
    const commit = await call('GET', repoPath('/commits/feature/orders'));
    expect(commit.body.sha).toBe('a'.repeat(40));
    expectNoViolations(api);
  });
});

describe('git refs, tags and releases', () => {
  test('seeded tags answer get-ref, list-matching-refs, list-tags and get-tag', async () => {
    const sha = '1'.repeat(40);
    api.state.seedTag(OWNER, REPO, 'v1.2.0', sha);
    const tagSha = api.state.seedTag(OWNER, REPO, 'v1', sha, { annotated: true, message: 'v1 line' });
    const ref = await call('GET', repoPath('/git/ref/tags/v1'));
    expect(ref.body).toMatchObject({ ref: 'refs/tags/v1', object: { type: 'tag', sha: tagSha } });
    // Octokit percent-encodes the slash; GitHub accepts both.
    expect((await call('GET', repoPath('/git/ref/tags%2Fv1.2.0'))).body.object).toMatchObject({ type: 'commit', sha });
    expect((await call('GET', repoPath('/git/ref/tags/v9'))).status).toBe(404);
    const matching = await call('GET', repoPath('/git/matching-refs/tags/v1'));
    expect(matching.body.map((r: { ref: string }) => r.ref)).toEqual(['refs/tags/v1', 'refs/tags/v1.2.0']);
    const tags = await call('GET', repoPath('/tags'));
    expect(tags.body.map((t: { name: string; commit: { sha: string } }) => [t.name, t.commit.sha])).toEqual([
      ['v1.2.0', sha],
      ['v1', sha],
    ]);
    const tag = await call('GET', repoPath(`/git/tags/${tagSha}`));
    expect(tag.body).toMatchObject({ tag: 'v1', message: 'v1 line', object: { sha, type: 'commit' } });
    expectNoViolations(api);
  });

  test('refs: create, fast-forward and forced updates', async () => {
    const base = '2'.repeat(40);
    const next = '3'.repeat(40);
    const other = '4'.repeat(40);
    api.state.seedCommit(OWNER, REPO, base);
    api.state.seedCommit(OWNER, REPO, next, { parents: [base] });
    api.state.seedCommit(OWNER, REPO, other);
    expect((await call('POST', repoPath('/git/refs'), { ref: 'refs/heads/release', sha: base })).status).toBe(201);
    expect((await call('POST', repoPath('/git/refs'), { ref: 'refs/heads/release', sha: base })).body.message).toBe('Reference already exists');
    expect((await call('PATCH', repoPath('/git/refs/heads/release'), { sha: next })).status).toBe(200);
    const notFf = await call('PATCH', repoPath('/git/refs/heads/release'), { sha: other });
    expect(notFf).toMatchObject({ status: 422, body: { message: 'Update is not a fast forward' } });
    expect((await call('PATCH', repoPath('/git/refs/heads/release'), { sha: other, force: true })).status).toBe(200);
    expect(api.state.ref(OWNER, REPO, 'refs/heads/release')?.sha).toBe(other);
    expectNoViolations(api);
  });

  test('releases: create, get by tag, list newest first; a duplicate tag is 422', async () => {
    const first = await call('POST', repoPath('/releases'), { tag_name: 'v1.0.0', name: 'v1.0.0', body: 'First' });
    expect(first.status).toBe(201);
    await call('POST', repoPath('/releases'), { tag_name: 'v1.1.0', generate_release_notes: true });
    expect((await call('GET', repoPath('/releases/tags/v1.0.0'))).body.id).toBe(first.body.id);
    expect((await call('GET', repoPath('/releases'))).body.map((r: { tag_name: string }) => r.tag_name)).toEqual(['v1.1.0', 'v1.0.0']);
    const duplicate = await call('POST', repoPath('/releases'), { tag_name: 'v1.0.0' });
    expect(duplicate.body.errors).toEqual([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    // Publishing created the tag at the default branch.
    expect((await call('GET', repoPath('/git/ref/tags/v1.0.0'))).status).toBe(200);
    expectNoViolations(api);
  });

  test('repos/get and users/get-authenticated', async () => {
    const repo = await call('GET', repoPath(''));
    expect(repo.body).toMatchObject({ full_name: `${OWNER}/${REPO}`, default_branch: 'main', owner: { login: OWNER } });
    const me = await call('GET', '/user');
    expect(me.body).toMatchObject({ login: 'github-actions[bot]' });
    expectNoViolations(api);
  });
});

describe('faults', () => {
  test('are consumed in the order they were added, then requests succeed', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    api.faults.add({ kind: 'status', status: 502, pathPattern: 'issues/list-comments' });
    api.faults.add({ kind: 'secondary-rate-limit', method: 'GET', pathPattern: /\/comments$/, retryAfter: 7 });
    api.faults.add({ kind: 'primary-rate-limit', status: 429, pathPattern: repoPath('/issues/7/comments'), resetInSeconds: 30 });
    const other = api.faults.add({ kind: 'status', status: 500, pathPattern: 'repos/get' });

    const bad = await call('GET', repoPath('/issues/7/comments'));
    expect(bad.status).toBe(502);
    const secondary = await call('GET', repoPath('/issues/7/comments'));
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('7');
    expect(secondary.body.message).toMatch(/secondary rate limit/);
    const primary = await call('GET', repoPath('/issues/7/comments'));
    expect(primary.status).toBe(429);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await call('GET', repoPath('/issues/7/comments'))).status).toBe(200);

    expect(api.faults.pending()).toEqual([other]);
    expect(api.requests.map((r) => r.fault)).toEqual(['status', 'secondary-rate-limit', 'primary-rate-limit', undefined]);
    expectNoViolations(api);
  });

  test('delay, reset, truncated and invalid-json', async () => {
    api.faults.add({ kind: 'delay', ms: 150, pathPattern: 'repos/get' });
    const started = Date.now();
    expect((await call('GET', repoPath(''))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    api.faults.add({ kind: 'reset', pathPattern: 'repos/get' });
    await expect(fetch(`${api.url}${repoPath('')}`, { headers: { authorization: `token ${TOKEN}` } })).rejects.toThrow();

    api.faults.add({ kind: 'truncated', pathPattern: 'repos/get' });
    await expect(fetch(`${api.url}${repoPath('')}`, { headers: { authorization: `token ${TOKEN}` } }).then((r) => r.text())).rejects.toThrow();

    // invalid-json happens after the work was done: the comment exists though the answer is unreadable.
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    api.faults.add({ kind: 'invalid-json', pathPattern: 'issues/create-comment' });
    const response = await fetch(`${api.url}${repoPath('/issues/7/comments')}`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'hi' }),
    });
    expect(response.status).toBe(201);
    await expect(response.json()).rejects.toThrow();
    expect(api.state.comments(OWNER, REPO, 7)).toHaveLength(1);
    expectNoViolations(api);
  });
});

describe('permissions', () => {
  test('a write without the permission is 403 with x-accepted-github-permissions', async () => {
    api.state.seedIssue(OWNER, REPO, { number: 7 });
    api.state.setTokenPermissions(TOKEN, { issues: 'read', pull_requests: 'read', contents: 'read' });
    const answer = await call('POST', repoPath('/issues/7/comments'), { body: 'hi' });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '403',
    });
    expect(answer.headers.get('x-accepted-github-permissions')).toBe('issues=write; pull_requests=write');
    // Reading is allowed; metadata is always readable; deployments were not granted.
    expect((await call('GET', repoPath('/issues/7/comments'))).status).toBe(200);
    expect((await call('GET', repoPath(''))).status).toBe(200);
    const deploy = await call('POST', repoPath('/deployments'), { ref: 'main' });
    expect(deploy.status).toBe(403);
    expect(deploy.headers.get('x-accepted-github-permissions')).toBe('deployments=write');
    // An installation token has no user behind it.
    expect((await call('GET', '/user')).status).toBe(403);

    api.state.setTokenPermissions(TOKEN, { pull_requests: 'write' });
    expect((await call('POST', repoPath('/issues/7/comments'), { body: 'hi' })).status).toBe(201);
    expectNoViolations(api);
  });
});

describe('through the octokit the actions use (retry + throttling plugins)', () => {
  test('paginate, comments, labels, pulls, compare, deployments, refs and tags pass validation; a rate limit is waited out', async () => {
    const { githubClient } = await import('#shared/github.js');
    const previousUrl = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = api.url;
    const octokit = githubClient(TOKEN);
    if (previousUrl === undefined) delete process.env.GITHUB_API_URL;
    else process.env.GITHUB_API_URL = previousUrl;
    const owner = OWNER;
    const repo = REPO;
    api.state.seedPullRequest(owner, repo, {
      number: 7,
      headSha: 'a'.repeat(40),
      baseSha: 'b'.repeat(40),
      files: [{ filename: 'models/orders.sql', additions: 1 }],
    });
    for (let i = 1; i <= 120; i++) api.state.seedComment(owner, repo, 7, `comment ${i}`);

    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: 7, per_page: 50 });
    expect(all).toHaveLength(120);
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: 7, body: '<!-- dataops -->' });
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: '<!-- dataops --> v2' });
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: 7, labels: ['schema-change'] });
    await octokit.rest.issues.removeLabel({ owner, repo, issue_number: 7, name: 'schema-change' });

    const pr = await octokit.rest.pulls.get({ owner, repo, pull_number: 7 });
    expect(pr.data.head.sha).toBe('a'.repeat(40));
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: 7 });
    expect(files.map((f) => f.filename)).toEqual(['models/orders.sql']);
    const compare = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${'b'.repeat(40)}...${'a'.repeat(40)}` });
    expect(compare.data.files?.map((f) => f.filename)).toEqual(['models/orders.sql']);

    const deployment = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'a'.repeat(40),
      environment: 'preview',
      auto_merge: false,
      required_contexts: [],
      transient_environment: true,
    });
    expect(deployment.status).toBe(201);
    const id = (deployment.data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: id, state: 'success', environment_url: 'https://preview.example.com' });
    const statuses = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id });
    expect(statuses.data[0]?.environment_url).toBe('https://preview.example.com');

    api.state.seedTag(owner, repo, 'v1', 'a'.repeat(40), { annotated: true });
    const ref = await octokit.rest.git.getRef({ owner, repo, ref: 'tags/v1' });
    expect(ref.data.object.type).toBe('tag');
    const tag = await octokit.rest.git.getTag({ owner, repo, tag_sha: ref.data.object.sha });
    expect(tag.data.object.sha).toBe('a'.repeat(40));
    await octokit.rest.git.updateRef({ owner, repo, ref: 'tags/v1', sha: 'b'.repeat(40), force: true });
    expect((await octokit.rest.repos.get({ owner, repo })).data.full_name).toBe(`${owner}/${repo}`);

    // The throttling plugin waits out a secondary rate limit and tries again. (Octokit spaces writes
    // 1 s apart and backs off retries by seconds, so this test takes ~10 s.)
    api.faults.add({ kind: 'secondary-rate-limit', pathPattern: 'repos/list-tags', retryAfter: 0 });
    const tags = await octokit.rest.repos.listTags({ owner, repo });
    expect(tags.data.map((t) => t.name)).toEqual(['v1']);
    expect(api.requestsFor('repos/list-tags').map((r) => r.status)).toEqual([403, 200]);
    expect(api.faults.pending()).toEqual([]);
    expectNoViolations(api);
  });
});
