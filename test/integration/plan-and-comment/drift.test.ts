/**
 * Scheduled drift detection from the bundle: the `drift` output, and one drift issue opened while
 * the infrastructure differs from the code, updated on later runs, closed when the drift is gone.
 */
import { expectNoViolations, startFakeGitHubApi } from '../../fakes/github-api/server.js';
import { DEFAULT_REPO } from '../../harness/events.js';
import { createWorkspace, plan, writeModule } from './helpers.js';

test('drift opens one issue, a later run updates it, and a clean run closes it', async () => {
  const api = await startFakeGitHubApi();
  try {
    const { owner, repo } = DEFAULT_REPO;
    api.state.seedIssue(owner, repo, { number: 1, title: 'Unrelated', labels: ['terraform:drift'], body: 'not ours' });
    const ws = createWorkspace([
      { dir: 'infra/lake', scenario: 'drift' },
      { dir: 'infra/ci', scenario: 'no-changes' },
    ]);
    const schedule = { githubApiUrl: api.url, eventName: 'schedule', event: { schedule: '0 6 * * *' } };
    const first = await plan(ws, { 'working-directories': 'infra/*', 'drift-issue': 'true' }, schedule);
    expect(first.errors).toEqual([]);
    expect(first.outputs.drift).toBe('true');
    expect(api.requestsFor('issues/create-comment')).toEqual([]); // no pull request comment on schedule
    const opened = api.requestsFor('issues/create');
    expect(opened).toHaveLength(1);
    expect(opened[0].status).toBe(201);
    const number = 2; // the next number after the seeded issue
    const issue = api.state.issue(owner, repo, number)!;
    expect(issue.title).toBe('Terraform drift detected (CI/test)');
    expect(issue.body).toMatch(
      /^<!-- dataops-actions:drift:CI\/test -->\n### Terraform plan \(scheduled drift check\): 📝 1 module with changes · ✅ 1 module without changes\n/,
    );
    expect(issue.body).toContain('⚠️ **2 resources changed outside Terraform** since the last apply (drift):');
    expect(issue.body).toContain('- 🗑️ destroy `aws_iam_role.loader`');
    expect(issue.body).toContain('- 📝 `infra/lake`: **1** to add, **1** to change');
    expect(first.summary).toContain('⚠️ 2 resources drifted');

    const second = await plan(ws, { 'working-directories': 'infra/*', 'drift-issue': 'true' }, schedule);
    expect(second.exitCode).toBe(0);
    expect(api.requestsFor('issues/create')).toHaveLength(1);
    expect(api.state.issue(owner, repo, number)!.state).toBe('open');
    expect(api.requestsFor('issues/update').map((r) => r.path)).toEqual([`/repos/${owner}/${repo}/issues/${number}`]);

    writeModule(ws.dirs.workspace, { dir: 'infra/lake', scenario: 'no-changes' });
    const third = await plan(ws, { 'working-directories': 'infra/*', 'drift-issue': 'true' }, schedule);
    expect(third.outputs.drift).toBe('false');
    expect(api.state.issue(owner, repo, number)!.state).toBe('closed');
    expect(api.state.comments(owner, repo, number).map((c) => c.body.split('\n')[0])).toEqual([
      'No drift any more: the latest scheduled plan matches the infrastructure.',
    ]);
    expect(api.state.issue(owner, repo, 1)!.state).toBe('open'); // someone else's issue with the same label is left alone
    expectNoViolations(api);
  } finally {
    await api.close();
  }
});

test('drift the configuration ignores (resource_drift without changes) still sets drift, without a plan to apply', async () => {
  const ws = createWorkspace([{ dir: '.', scenario: 'drift-only' }]);
  const result = await plan(ws, {}, { eventName: 'schedule', event: {} });
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toMatchObject({ drift: 'true', 'has-changes': 'false' });
  expect(result.summary).toContain('- ✅ `.`: no changes · ⚠️ 1 resource drifted');
});
