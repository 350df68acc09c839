/**
 * run-data-tests under faults, through the committed bundle: a database that refuses connections
 * or never answers, the Actions cache service (run history) down or dropping one call, and the
 * GitHub API rate limiting, failing (5xx, 404), slow, or cutting off or garbling answers while the
 * results comment is written. Tests that cannot run are errors (never passes), the pull request
 * keeps exactly ONE results comment, and the history service is optional: its failure is a warning.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startFakeActionsResults } from '../fakes/actions-results/server.js';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi, type FaultSpec } from '../fakes/github-api/server.js';
import { pullRequestEvent } from '../harness/events.js';
import type { ActionRunResult } from '../harness/run-action.js';
import { runDataTestsAction } from '../integration/run-data-tests/helpers.js';
import { refusedUrl } from './support/fault-proxy.js';
import { checkFault, type Facts } from './support/outcome.js';
import { BASE_SHA, HEAD_SHA, OWNER, QUICK_CHECK_FILE, REPO } from './support/runs.js';

const ACTION = 'run-data-tests';
const ONE_RETRY = { DATAOPS_GITHUB_RETRIES: '1' };
const MARKER = '<!-- dataops-actions:data-tests:dataops-tests.yml -->';

const nightly = process.env.FAULTS_NIGHTLY === '1' ? test : test.skip;
const passed = (result: ActionRunResult) => result.exitCode === 0 && result.outputs.result === 'pass' && result.outputs.passed === '2';

describe('run-data-tests: the database misbehaves', () => {
  const POSTGRES_CHECK = `version: 1
sources:
  warehouse: { type: postgres, url: "\${DATABASE_URL}" }
datasets:
  - name: orders
    source: warehouse
    table: public.orders
    tests: [{ row_count: { min: 1 } }]
`;

  test('PostgreSQL refusing connections: the tests are errors (never passes), one clear error, the password masked', async () => {
    const url = (await refusedUrl('/warehouse')).replace('http://', 'postgres://analyst:S3cretPassw0rd@');
    const run = await runDataTestsAction(POSTGRES_CHECK, { env: { DATABASE_URL: url } });
    checkFault({ action: ACTION, fault: 'postgres: connection refused', hits: 1, expected: 'failed-clearly' }, run, {
      workDone: false,
      error: /1 test could not run|errored|could not run/i,
    });
    expect(run.outputs).toMatchObject({ result: 'fail', errored: '1', passed: '0' });
    expect(run.tests['orders/row_count'].message).toMatch(/^cannot connect to PostgreSQL: connect ECONNREFUSED/);
    expect(run.masks).toContain('S3cretPassw0rd');
    expect(run.log).not.toContain('S3cretPassw0rd');
  });

  // The driver's 15 s connect timeout is the whole cost of this case: nightly only.
  nightly('a PostgreSQL port that accepts and never answers: the connect timeout makes it an error, not a hang', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const run = await runDataTestsAction(POSTGRES_CHECK, { env: { DATABASE_URL: `postgres://analyst:S3cretPassw0rd@127.0.0.1:${port}/warehouse` } });
      checkFault({ action: ACTION, fault: 'postgres: accepts, never answers', hits: sockets.size, expected: 'failed-clearly' }, run, {
        workDone: false,
        error: /could not run|errored/i,
      });
      expect(run.tests['orders/row_count'].message).toMatch(/^cannot connect to PostgreSQL: .*(timeout|terminated)/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('run-data-tests: the run history service misbehaves', () => {
  const HISTORY_CHECK = `version: 1
datasets:
  - name: customers
    path: data/customers.csv
    tests: [{ anomaly: { metric: row_count } }]
    columns:
      - name: id
        tests: [unique]
`;

  test('the Actions cache service down: a warning, every test still runs and reports', async () => {
    const results = await startFakeActionsResults();
    try {
      results.setUnavailable(true, 'reset');
      const run = await runDataTestsAction(HISTORY_CHECK, { env: results.env, inputs: { history: 'cache' } });
      const hits = results.requests.filter((r) => r.fault === 'unavailable').length;
      checkFault({ action: ACTION, fault: 'actions cache: service unavailable (history)', hits, expected: 'succeeded' }, run, {
        workDone: run.exitCode === 0 && run.outputs.passed === '2',
      });
      expect(run.warnings.join('\n')).toMatch(/restore|save|cache/i);
    } finally {
      await results.close();
    }
  });

  test('one dropped call while saving the history: a warning, the run result stands', async () => {
    const results = await startFakeActionsResults();
    try {
      const fault = results.faults.add({ path: 'CreateCacheEntry', kind: 'reset' });
      const run = await runDataTestsAction(HISTORY_CHECK, { env: results.env, inputs: { history: 'cache' } });
      checkFault({ action: ACTION, fault: 'actions cache: connection reset while saving history', hits: fault.hits, expected: 'succeeded' }, run, {
        workDone: run.exitCode === 0 && run.outputs.passed === '2',
      });
    } finally {
      await results.close();
    }
  });
});

describe('run-data-tests: the GitHub API misbehaves while commenting', () => {
  let api: FakeGitHubApi;
  beforeEach(async () => {
    api = await startFakeGitHubApi();
    api.state.seedPullRequest(OWNER, REPO, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA });
  });
  afterEach(async () => {
    expectNoViolations(api);
    await api.close();
  });

  const comments = () => api.state.comments(OWNER, REPO, 7);
  async function commentRun(fault: FaultSpec, options: { existing?: boolean; env?: Record<string, string> } = {}) {
    if (options.existing) api.state.seedComment(OWNER, REPO, 7, `${MARKER}\nresults of an earlier push`);
    const armed = api.faults.add(fault);
    const run = await runDataTestsAction(QUICK_CHECK_FILE, {
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA }),
      githubApiUrl: api.url,
      env: options.env,
      inputs: { comment: 'true' },
    });
    return { run, hits: armed.applied.length };
  }
  function commented(run: ActionRunResult): Facts {
    const all = comments();
    const url = all[0] ? `https://github.com/${OWNER}/${REPO}/pull/7#issuecomment-${all[0].id}` : 'none';
    return {
      workDone: passed(run) && all.length === 1 && all[0].body.includes('customers') && run.outputs['comment-url'] === url,
      duplicates: Math.max(0, all.length - 1),
    };
  }

  test('secondary rate limit on creating the comment: waited, retried, one comment', async () => {
    const { run, hits } = await commentRun({ kind: 'secondary-rate-limit', pathPattern: 'issues/create-comment', retryAfter: 1 });
    checkFault({ action: ACTION, fault: 'github: secondary rate limit on create-comment', hits, expected: 'succeeded' }, run, commented(run));
  });

  test('503 on every attempt to update the comment: one clear error, the results are in the summary', async () => {
    const { run, hits } = await commentRun(
      { kind: 'status', status: 503, pathPattern: 'issues/update-comment', times: 10 },
      { existing: true, env: ONE_RETRY },
    );
    checkFault({ action: ACTION, fault: 'github: 503 on every update-comment', hits, expected: 'failed-clearly' }, run, {
      workDone: false,
      duplicates: Math.max(0, comments().length - 1),
      error: /Could not comment on the pull request/,
    });
    expect(run.summary).toContain('customers');
  });

  test('the list of comments cut off on the next push: never a second comment', async () => {
    const { run, hits } = await commentRun({ kind: 'truncated', pathPattern: 'issues/list-comments' }, { existing: true });
    const facts = commented(run);
    checkFault(
      { action: ACTION, fault: 'github: list-comments answer cut off', hits, expected: ['succeeded', 'failed-clearly'] },
      run,
      run.exitCode === 0 ? facts : { ...facts, error: /Could not comment/ },
    );
  });

  test('502 on creating the comment, then recovery: retried, one comment', async () => {
    const { run, hits } = await commentRun({ kind: 'status', status: 502, pathPattern: 'issues/create-comment' });
    checkFault({ action: ACTION, fault: 'github: 502 on create-comment (once)', hits, expected: 'succeeded' }, run, commented(run));
  });

  test('the list of comments not JSON on the next push: never a second comment, a readable error', async () => {
    const { run, hits } = await commentRun({ kind: 'invalid-json', pathPattern: 'issues/list-comments' }, { existing: true });
    const facts = commented(run);
    checkFault(
      { action: ACTION, fault: 'github: list-comments answer not JSON', hits, expected: ['succeeded', 'failed-clearly'] },
      run,
      run.exitCode === 0 ? facts : { ...facts, error: /Could not comment/ },
    );
  });

  test('404 on every listing of the comments (the pull request is gone): one clear error, the results are in the summary', async () => {
    const { run, hits } = await commentRun({ kind: 'status', status: 404, pathPattern: 'issues/list-comments', times: 10 }, { env: ONE_RETRY });
    checkFault({ action: ACTION, fault: 'github: 404 on every list-comments', hits, expected: 'failed-clearly' }, run, {
      workDone: false,
      duplicates: Math.max(0, comments().length - 1),
      error: /Could not comment on the pull request.*HTTP 404/,
    });
    expect(run.summary).toContain('customers');
  });

  test('a slow answer (2 s) to creating the comment: waited for, one comment', async () => {
    const { run, hits } = await commentRun({ kind: 'delay', ms: 2000, pathPattern: 'issues/create-comment' });
    checkFault({ action: ACTION, fault: 'github: slow create-comment (2 s)', hits, expected: 'succeeded' }, run, commented(run));
  });
});
