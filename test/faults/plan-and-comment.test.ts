/**
 * plan-and-comment under GitHub API and Actions service faults, through the committed bundle and
 * the OpenAPI-checking fake API: rate limits of both kinds, 5xx bursts, dropped connections, slow
 * answers, cut-off and malformed bodies, 404s, and the results service refusing artifacts. The
 * pull request must end up with exactly ONE plan comment (counted in the fake's state), and the
 * step must either have done everything or say clearly what it could not do.
 */
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi, type FaultSpec } from '../fakes/github-api/server.js';
import { startFakeActionsResults } from '../fakes/actions-results/server.js';
import { checkFault, type Facts } from './support/outcome.js';
import { BASE_SHA, HEAD_SHA, OWNER, REPO, quickPlanOnPullRequest } from './support/runs.js';
import type { ActionRunResult } from '../harness/run-action.js';

const ACTION = 'plan-and-comment';
// Persistent failures: one library retry is enough to prove retrying, without its 1 s, 4 s, 9 s backoff.
const ONE_RETRY = { DATAOPS_GITHUB_RETRIES: '1' };

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi();
});
afterEach(async () => {
  // Faults are answers GitHub gives: the requests themselves must all have been valid.
  expectNoViolations(api);
  await api.close();
});

const comments = () => api.state.comments(OWNER, REPO, 7);
const faultHits = (spec: ReturnType<FakeGitHubApi['faults']['add']>) => spec.applied.length;

/** One comment, carrying the plan, and the comment-url output pointing at it. */
function commented(result: ActionRunResult, expectBody = /aws_glue_job\.ingest/): Facts {
  const all = comments();
  const url = all[0] ? `https://github.com/${OWNER}/${REPO}/pull/7#issuecomment-${all[0].id}` : 'none';
  return {
    workDone: result.exitCode === 0 && all.length === 1 && expectBody.test(all[0].body) && result.outputs['comment-url'] === url,
    duplicates: Math.max(0, all.length - 1),
  };
}

/** A plan comment from an earlier push is already there; the run with `fault` armed must update it. */
async function secondRunWith(fault: FaultSpec, env: Record<string, string> = {}) {
  api.state.seedPullRequest(OWNER, REPO, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA });
  api.state.seedComment(OWNER, REPO, 7, '<!-- dataops-actions:plan:CI/test -->\nthe plan of an earlier push');
  const armed = api.faults.add(fault);
  const { result } = await quickPlanOnPullRequest(api, {}, { env });
  return { result, hits: faultHits(armed) };
}

describe('plan-and-comment: the GitHub API misbehaves while commenting', () => {
  test('secondary rate limit (403, retry-after 1) on creating the comment: waited, retried, one comment', async () => {
    const armed = api.faults.add({ kind: 'secondary-rate-limit', pathPattern: 'issues/create-comment', retryAfter: 1 });
    const { result } = await quickPlanOnPullRequest(api);
    checkFault(
      { action: ACTION, fault: 'github: secondary rate limit on create-comment', hits: faultHits(armed), expected: 'succeeded' },
      result,
      commented(result),
    );
  });

  test('primary rate limit (remaining 0, reset in 1 s) on listing comments: waited, retried, comment updated', async () => {
    const { result, hits } = await secondRunWith({ kind: 'primary-rate-limit', pathPattern: 'issues/list-comments', resetInSeconds: 1 });
    checkFault({ action: ACTION, fault: 'github: primary rate limit on list-comments', hits, expected: 'succeeded' }, result, commented(result));
    expect(api.requestsFor('issues/update-comment')).toHaveLength(1);
  });

  test('502 on updating the comment, then recovery: retried, still one comment', async () => {
    const { result, hits } = await secondRunWith({ kind: 'status', status: 502, pathPattern: 'issues/update-comment' });
    checkFault({ action: ACTION, fault: 'github: 502 on update-comment (once)', hits, expected: 'succeeded' }, result, commented(result));
  });

  test('connection dropped before the answer to creating the comment: retried, one comment', async () => {
    const armed = api.faults.add({ kind: 'reset', pathPattern: 'issues/create-comment' });
    const { result } = await quickPlanOnPullRequest(api);
    checkFault(
      { action: ACTION, fault: 'github: connection reset on create-comment', hits: faultHits(armed), expected: 'succeeded' },
      result,
      commented(result),
    );
  });

  test('500 on every attempt to create the comment: one clear error, the plan is still in the summary', async () => {
    const armed = api.faults.add({ kind: 'status', status: 500, pathPattern: 'issues/create-comment', times: 10 });
    const { result } = await quickPlanOnPullRequest(api, {}, { env: ONE_RETRY });
    checkFault({ action: ACTION, fault: 'github: 500 on every create-comment', hits: faultHits(armed), expected: 'failed-clearly' }, result, {
      workDone: false,
      duplicates: Math.max(0, comments().length - 1),
      error: /could not comment on the pull request/,
    });
    expect(result.errors.join('\n')).toMatch(/HTTP 500/);
    expect(result.summary).toContain('aws_glue_job.ingest');
  });

  test('a slow answer (2 s) to creating the comment: waited for, one comment', async () => {
    const armed = api.faults.add({ kind: 'delay', ms: 2000, pathPattern: 'issues/create-comment' });
    const { result } = await quickPlanOnPullRequest(api);
    checkFault({ action: ACTION, fault: 'github: slow create-comment (2 s)', hits: faultHits(armed), expected: 'succeeded' }, result, commented(result));
  });

  test('404 on every listing of the comments (the pull request is gone): one clear error, the plan is still in the summary', async () => {
    const armed = api.faults.add({ kind: 'status', status: 404, pathPattern: 'issues/list-comments', times: 10 });
    const { result } = await quickPlanOnPullRequest(api, {}, { env: ONE_RETRY });
    checkFault({ action: ACTION, fault: 'github: 404 on every list-comments', hits: faultHits(armed), expected: 'failed-clearly' }, result, {
      workDone: false,
      duplicates: Math.max(0, comments().length - 1),
      error: /could not comment on the pull request/,
    });
    expect(result.errors.join('\n')).toMatch(/HTTP 404/);
    expect(result.summary).toContain('aws_glue_job.ingest');
  });

  test('the answer to creating the comment cut off (the comment WAS created): one comment, and comment-url points at it', async () => {
    const armed = api.faults.add({ kind: 'truncated', pathPattern: 'issues/create-comment' });
    const { result } = await quickPlanOnPullRequest(api);
    checkFault(
      { action: ACTION, fault: 'github: create-comment answer cut off', hits: faultHits(armed), expected: ['succeeded', 'failed-clearly'] },
      result,
      commented(result),
    );
  });

  test('the answer to creating the comment is not JSON (the comment WAS created): one comment, and comment-url points at it', async () => {
    const armed = api.faults.add({ kind: 'invalid-json', pathPattern: 'issues/create-comment' });
    const { result } = await quickPlanOnPullRequest(api);
    checkFault(
      { action: ACTION, fault: 'github: create-comment answer not JSON', hits: faultHits(armed), expected: ['succeeded', 'failed-clearly'] },
      result,
      commented(result),
    );
  });

  test('the list of comments cut off on the next push: never a second comment', async () => {
    const { result, hits } = await secondRunWith({ kind: 'truncated', pathPattern: 'issues/list-comments' });
    const facts = commented(result);
    checkFault(
      { action: ACTION, fault: 'github: list-comments answer cut off', hits, expected: ['succeeded', 'failed-clearly'] },
      result,
      result.exitCode === 0 ? facts : { ...facts, error: /could not comment/ },
    );
  });

  test('the list of comments not JSON on the next push: never a second comment, a readable error', async () => {
    const { result, hits } = await secondRunWith({ kind: 'invalid-json', pathPattern: 'issues/list-comments' });
    const facts = commented(result);
    checkFault(
      { action: ACTION, fault: 'github: list-comments answer not JSON', hits, expected: ['succeeded', 'failed-clearly'] },
      result,
      result.exitCode === 0 ? facts : { ...facts, error: /could not comment/ },
    );
  });
});

describe('plan-and-comment: the Actions results service misbehaves while uploading the plan', () => {
  test('one blob upload answered 500: the storage client retries, the artifact holds the plan', async () => {
    const results = await startFakeActionsResults();
    try {
      const fault = results.faults.add({ path: /comp=block|\?.*sig=/, method: 'PUT', kind: 'status', status: 500 });
      const { result } = await quickPlanOnPullRequest(api, { 'upload-artifacts': 'true' }, { env: results.env });
      const artifact = results.artifacts.find((a) => a.name === 'terraform-plan-infra');
      const files = artifact ? Object.keys(await artifact.files()).sort() : [];
      checkFault({ action: ACTION, fault: 'actions results: 500 on a blob upload (once)', hits: fault.hits, expected: 'succeeded' }, result, {
        ...commented(result),
        workDone: commented(result).workDone && files.includes('plan.tfplan') && files.includes('digest.txt'),
      });
    } finally {
      await results.close();
    }
  });

  test('the results service down: the plan is still commented, the step fails naming the artifact', async () => {
    const results = await startFakeActionsResults();
    try {
      results.setUnavailable(true, 'reset');
      const { result } = await quickPlanOnPullRequest(api, { 'upload-artifacts': 'true' }, { env: results.env });
      const hits = results.requests.filter((r) => r.fault === 'unavailable').length;
      checkFault({ action: ACTION, fault: 'actions results: service unavailable during upload', hits, expected: 'failed-clearly' }, result, {
        workDone: false,
        duplicates: Math.max(0, comments().length - 1),
        error: /artifact terraform-plan-infra was not uploaded/,
      });
      expect(comments()).toHaveLength(1);
    } finally {
      await results.close();
    }
  });
});
