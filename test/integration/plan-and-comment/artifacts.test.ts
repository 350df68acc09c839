/**
 * Plan artifacts from the bundle, through the real @actions/artifact client and the fake Actions
 * results service: one artifact per module under the name deploy-with-rollback looks for, holding
 * the plan, its JSON, the digest and the readable plan; an upload failure fails the step after
 * the report.
 */
import { expectNoViolations, startFakeGitHubApi } from '../../fakes/github-api/server.js';
import { startFakeActionsResults } from '../../fakes/actions-results/server.js';
import { DEFAULT_REPO, pullRequestEvent } from '../../harness/events.js';
import { PLAN_ARTIFACT_FILES, planArtifactName } from '#shared/terraform/artifacts.js';
import { parseDigest } from '#shared/terraform/digest.js';
import { summarizePlanText } from '#shared/terraform/plan-json.js';
import { createWorkspace, plan } from './helpers.js';

test('each module planned is uploaded as terraform-plan-<slug> with plan, JSON, digest, text and summary', async () => {
  const results = await startFakeActionsResults({ ref: 'refs/pull/7/merge' });
  const api = await startFakeGitHubApi();
  try {
    api.state.seedPullRequest(DEFAULT_REPO.owner, DEFAULT_REPO.repo, { number: 7 });
    const ws = createWorkspace([
      { dir: 'infra/Prod EU', scenario: 'replace' },
      { dir: '.', scenario: 'no-changes' },
      { dir: 'infra/broken', scenario: 'plan-error' },
    ]);
    const result = await plan(
      ws,
      { 'working-directories': '.\ninfra/*', 'upload-artifacts': 'true', workspace: 'staging' },
      { githubApiUrl: api.url, event: pullRequestEvent({ number: 7 }), env: results.env },
    );
    expect(result.exitCode).toBe(1); // infra/broken
    expect(result.errors).toHaveLength(2); // its annotation and the step failure; the uploads themselves succeeded
    const names = results.artifacts.map((a) => a.name).sort();
    expect(names).toEqual(['terraform-plan-infra-prod-eu--ws-staging', 'terraform-plan-root--ws-staging']);
    expect(planArtifactName('infra/Prod EU', 'staging')).toBe(names[0]);

    const digests = JSON.parse(result.outputs['plan-digests']);
    const files = await results.artifacts.find((a) => a.name === names[0])!.files();
    expect(Object.keys(files).sort()).toEqual(Object.values(PLAN_ARTIFACT_FILES).sort());
    expect(parseDigest(files['digest.txt'].toString())).toBe(digests['infra/Prod EU']);
    expect(summarizePlanText(files['plan.json'].toString()).digest).toBe(digests['infra/Prod EU']);
    expect(files['plan.tfplan'].toString()).toMatch(/^TFDOUBLE-PLAN-v1\n/);
    expect(files['plan.txt'].toString()).toContain('# aws_db_instance.warehouse must be replaced');
    expect(JSON.parse(files['summary.json'].toString())).toMatchObject({
      module: 'infra/Prod EU',
      workspace: 'staging',
      status: 'changes',
      digest: digests['infra/Prod EU'],
      counts: { replace: 3 },
    });

    const modules = JSON.parse(result.outputs.modules);
    expect(modules.map((m: any) => m.artifact)).toEqual(['terraform-plan-root--ws-staging', null, 'terraform-plan-infra-prod-eu--ws-staging']);
    const body = api.state.comments(DEFAULT_REPO.owner, DEFAULT_REPO.repo, 7)[0].body;
    expect(body).toMatch(
      /Plan artifacts: \[terraform-plan-root--ws-staging\]\(https:\/\/github\.com\/octo-org\/data-platform\/actions\/runs\/4242\/artifacts\/\d+\)/,
    );
    expect(body).toContain('(workspace `staging`)');
    expectNoViolations(api);
  } finally {
    await api.close();
    await results.close();
  }
});

test('an artifact service that is down fails the step, after the plan was reported', async () => {
  const results = await startFakeActionsResults();
  try {
    results.setUnavailable(true);
    const ws = createWorkspace([{ dir: '.', scenario: 'creates-only' }]);
    const result = await plan(ws, { 'upload-artifacts': 'true', comment: 'false' }, { eventName: 'push', env: results.env });
    expect(result.exitCode).toBe(1);
    expect(result.errors.at(-1)).toMatch(/^plan-and-comment: artifact terraform-plan-root was not uploaded/);
    expect(result.errors[0]).toMatch(/Could not upload the artifact terraform-plan-root/);
    expect(result.summary).toContain('📝 1 module with changes');
    expect(result.outputs['has-changes']).toBe('true');
  } finally {
    await results.close();
  }
});
