/** The sticky comment against the fake GitHub API (every request validated against GitHub's OpenAPI description). */
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { githubClient } from '#shared/github.js';
import { commentMarker, upsertStickyComment } from '#shared/sticky-comment.js';
import { COMMENT_LIMIT } from '#shared/markdown.js';

const owner = 'octo-org';
const repo = 'data-platform';
let api: FakeGitHubApi;

beforeEach(async () => {
  api = await startFakeGitHubApi();
  process.env.GITHUB_API_URL = api.url;
  api.state.seedPullRequest(owner, repo, { number: 7, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) });
});
afterEach(async () => {
  expectNoViolations(api);
  await api.close();
});

const target = { owner, repo, issueNumber: 7, kind: 'plan', key: 'ci/plan' };

test('creates once, then updates the same comment in place', async () => {
  const octokit = githubClient('ghs_test_token_1');
  const first = await upsertStickyComment(octokit, target, 'first plan');
  const second = await upsertStickyComment(octokit, target, 'second plan');
  expect(first.created).toBe(true);
  expect(second).toMatchObject({ id: first.id, created: false });
  const comments = api.state.comments(owner, repo, 7);
  expect(comments).toHaveLength(1);
  expect(comments[0].body).toBe(`${commentMarker('plan', 'ci/plan')}\nsecond plan`);
});

test('finds its comment beyond the first page, and leaves other keys alone', async () => {
  for (let i = 0; i < 130; i++) api.state.seedComment(owner, repo, 7, `chatter ${i}`);
  api.state.seedComment(owner, repo, 7, `${commentMarker('plan', 'ci/plan')}\nold`);
  api.state.seedComment(owner, repo, 7, `${commentMarker('plan', 'other-job')}\nother`);
  const octokit = githubClient('ghs_test_token_2');
  const result = await upsertStickyComment(octokit, target, 'new');
  expect(result.created).toBe(false);
  const bodies = api.state.comments(owner, repo, 7).map((c) => c.body);
  expect(bodies).toHaveLength(132);
  expect(bodies).toContain(`${commentMarker('plan', 'ci/plan')}\nnew`);
  expect(bodies).toContain(`${commentMarker('plan', 'other-job')}\nother`);
  expect(api.requestsFor('issues/list-comments').length).toBe(2);
});

test('a body over GitHub’s limit is cut with a pointer to the full text', async () => {
  const octokit = githubClient('ghs_test_token_3');
  await upsertStickyComment(octokit, target, 'x\n'.repeat(50_000), 'see the job summary.');
  const body = api.state.comments(owner, repo, 7)[0].body ?? '';
  expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  expect(body).toMatch(/cut here to stay within GitHub's size limit; see the job summary\.$/);
});

test('a read-only token gets an error naming the permission to grant', async () => {
  api.state.setTokenPermissions('ghs_readonly', { pull_requests: 'read', issues: 'read' });
  const octokit = githubClient('ghs_readonly');
  const attempt = upsertStickyComment(octokit, target, 'plan');
  await expect(attempt).rejects.toThrow(/GitHub refused to create the pull request comment \(HTTP 403/);
  await expect(attempt).rejects.toHaveProperty('hint', expect.stringMatching(/Grant the workflow's token `permissions:` .*write/));
});
