/**
 * The optional sticky pull request comment (comment: true) through the OpenAPI-checking fake
 * GitHub: created once, then updated in place; only the tests that did not pass, with a link to the
 * job summary; a read-only token on a fork warns, on the repository itself fails naming the
 * permission; no comment outside pull requests.
 */
import { DEFAULT_REPO, pullRequestEvent, pushEvent } from '../../harness/events.js';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { runDataTestsAction } from './helpers.js';

const { owner, repo } = DEFAULT_REPO;
let api: FakeGitHubApi;

beforeEach(async () => {
  api = await startFakeGitHubApi();
});

afterEach(async () => {
  await api.close();
});

const check = (values: string) => `version: 1
datasets:
  - name: orders
    path: data/orders.csv
    columns:
      - { name: status, tests: [{ accepted_values: { values: [${values}] } }] }
      - { name: order_id, tests: [not_null] }
`;

describe('pull request comment', () => {
  test('created once, then updated in place on the next run', async () => {
    api.state.seedPullRequest(owner, repo, { number: 7, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) });
    const first = await runDataTestsAction(check('placed, shipped, returned'), {
      eventName: 'pull_request',
      event: pullRequestEvent(),
      githubApiUrl: api.url,
      inputs: { comment: 'true' },
    });
    expect(first.exitCode).toBe(1);
    const comments = () => api.state.comments(owner, repo, 7);
    expect(comments()).toHaveLength(1);
    const body = comments()[0].body;
    expect(body.startsWith('<!-- dataops-actions:data-tests:dataops-tests.yml -->\n## ❌ Data tests failed: 2 failed')).toBe(true);
    expect(body).toContain('e.g. `lost` ×1');
    expect(body).toContain('[Full report in the job summary](https://github.com/octo-org/data-platform/actions/runs/4242#summary)');
    expect(first.outputs['comment-url']).toBe(`https://github.com/${owner}/${repo}/pull/7#issuecomment-${comments()[0].id}`);

    const second = await runDataTestsAction(check('placed, shipped, returned, lost'), {
      eventName: 'pull_request',
      event: pullRequestEvent(),
      githubApiUrl: api.url,
      inputs: { comment: 'true' },
    });
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toContain('## ❌ Data tests failed: 1 failed, 1 passed');
    expect(comments()[0].body).not.toContain('lost');
    expect(second.log).toContain('Updated the pull request comment');
    expect(api.requestsFor('issues/create-comment')).toHaveLength(1);
    expect(api.requestsFor('issues/update-comment')).toHaveLength(1);
    expectNoViolations(api);
  });

  test('a fork (read-only token) warns and leaves the result to the tests', async () => {
    api.state.seedPullRequest(owner, repo, { number: 9, fork: true });
    const token = 'ghs_forkToken000000000000000000000000';
    api.state.setTokenPermissions(token, { contents: 'read', pull_requests: 'read', issues: 'read' });
    const run = await runDataTestsAction(check('placed, shipped, returned, lost').replace('[not_null]', '[]'), {
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 9, fork: true }),
      githubApiUrl: api.url,
      token,
      inputs: { comment: 'true' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^Could not comment on the pull request: this pull request's token is read-only \(a fork or Dependabot\)\. The results are in the job summary\./,
      ),
    ]);
    expect(api.state.comments(owner, repo, 9)).toEqual([]);
    expectNoViolations(api);
  });

  test('a missing permission on the repository itself fails the step and names it', async () => {
    api.state.seedPullRequest(owner, repo, { number: 7 });
    const token = 'ghs_readOnly00000000000000000000000000';
    api.state.setTokenPermissions(token, { contents: 'read', pull_requests: 'read' });
    const run = await runDataTestsAction(check('placed, shipped, returned, lost').replace('[not_null]', '[]'), {
      eventName: 'pull_request',
      event: pullRequestEvent(),
      githubApiUrl: api.url,
      token,
      inputs: { comment: 'true' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/Could not comment on the pull request: GitHub refused to create the pull request comment \(HTTP 403/);
    expect(run.errors.join('\n')).toMatch(/permissions:` issues: write/);
    expect(run.outputs.result).toBe('pass');
  });

  test('outside a pull request there is no comment', async () => {
    const run = await runDataTestsAction(check('placed, shipped, returned, lost'), {
      eventName: 'push',
      event: pushEvent(),
      githubApiUrl: api.url,
      inputs: { comment: 'true' },
    });
    expect(api.requests).toEqual([]);
    expect(run.log).toContain('No pull request in this event: the results are in the job summary only.');
  });
});
