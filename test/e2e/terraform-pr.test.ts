/**
 * workflows/terraform-pr.yml runs end to end: the starter workflow a user copies, executed step by
 * step with the built bundles against the fake GitHub API (which enforces the job's `permissions:`),
 * the fake Actions results service and the Terraform CLI double, in a repository assembled from
 * examples/infrastructure. Green: one plan comment for the changed module only. Red: a destroy.
 */
import { expectNoViolations, GITHUB_ACTIONS_BOT } from '../fakes/github-api/server.js';
import { runWorkflow } from './executor/executor.js';
import {
  assembleRepository,
  OWNER,
  prEvent,
  REPO,
  startServices,
  starterWorkflow,
  terraformCalls,
  localRunnerOptions,
  type Services,
  E2E_TIMEOUT_MS,
} from './rig.js';

const PR = 12;
const WARES = [{ filename: 'infra/modules/warehouse/main.tf', status: 'modified' as const, additions: 3, deletions: 1 }];

let s: Services;
beforeEach(async () => {
  s = await startServices({ ref: `refs/pull/${PR}/merge` });
});
afterEach(async () => {
  await s.close();
});

function seedPr(options: { labels?: string[]; fork?: boolean; files?: typeof WARES } = {}) {
  s.api.state.seedPullRequest(OWNER, REPO, {
    number: PR,
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    headRef: 'feature/orders',
    labels: options.labels,
    fork: options.fork,
    files: options.files ?? WARES,
  });
}

function event(options: { labels?: string[]; fork?: boolean } = {}) {
  const payload = prEvent({ number: PR, fork: options.fork });
  payload.pull_request.labels = (options.labels ?? []).map((name, i) => ({
    id: i + 1,
    node_id: `L${i}`,
    url: '',
    name,
    color: 'ededed',
    default: false,
    description: null,
  }));
  return payload;
}

async function runPr(repository: string, options: { labels?: string[]; fork?: boolean } = {}) {
  return runWorkflow(starterWorkflow('terraform-pr'), {
    eventName: 'pull_request',
    event: event(options),
    services: await s.forRun({ newRun: true }),
    ...localRunnerOptions(repository),
  });
}

test(
  'a change to a local module plans only the root module that calls it, with one plan comment and its plan artifact',
  async () => {
    seedPr();
    const repository = assembleRepository({ scenarios: { lake: 'creates-only', ingest: 'update-in-place' }, dataQuality: true });
    const run = await runPr(repository);
    const job = run.job('plan');

    expect(run.conclusion).toBe('success');
    expect(job.steps.map((st) => [st.name, st.conclusion])).toEqual([
      ['Run actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', 'success'],
      ['Set up Terraform', 'success'],
      ['Plan and comment', 'success'],
      ['Refuse destroys without the terraform:allow-destroy label', 'skipped'],
      ['Post Set up Terraform', 'success'],
    ]);
    expect(job.steps[1].outputs).toMatchObject({ version: '1.9.8', 'cache-hit': 'true', source: 'infra/.terraform-version' });
    const plan = job.step('plan');
    expect(plan.outputs).toMatchObject({ 'has-changes': 'true', add: '3', change: '0', replace: '0', destroy: '0' });

    // Only infra/lake (which calls modules/warehouse) reached Terraform.
    const dirs = new Set(terraformCalls(repository).map((c) => c.cwd.replace(job.dirs.workspace, '')));
    expect([...dirs]).toEqual(['/infra/lake']);

    // One comment, by the token's bot, describing the plan.
    const comments = s.api.state.comments(OWNER, REPO, PR);
    expect(comments).toHaveLength(1);
    expect(comments[0].user.login).toBe(GITHUB_ACTIONS_BOT.login);
    const body = comments[0].body;
    expect(body).toContain('`infra/lake`: **3** to add, **0** to change, **0** to replace, **0** to destroy');
    for (const address of ['aws_s3_bucket.raw', 'aws_s3_bucket.curated', 'module.warehouse.aws_glue_catalog_database.this'])
      expect(body).toContain(`| ➕ create | \`${address}\` |`);
    expect(body).toMatch(/Not planned \(changed-only[^)]*\): `infra\/ingest`/);
    expect(plan.outputs['comment-url']).toBe(`https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${comments[0].id}`);

    // The plan artifact deploy-with-rollback applies, with the digest the comment shows.
    const digest = (JSON.parse(plan.outputs['plan-digests']) as Record<string, string>)['infra/lake'];
    expect(body).toContain(digest);
    const artifact = s.results.artifacts.find((a) => a.name === 'terraform-plan-infra-lake');
    expect(artifact).toBeDefined();
    const files = await artifact!.files();
    expect(Object.keys(files).sort()).toEqual(expect.arrayContaining(['digest.txt', 'plan.json', 'plan.tfplan']));
    expect(files['digest.txt'].toString('utf8').trim()).toBe(digest);

    // The job summary is the full report; the token was exactly the job's permissions.
    expect(job.summary).toContain('### Terraform plan: 📝 1 module with changes');
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', metadata: 'read' });
    expect(s.api.requests.every((r) => r.headers.authorization === `token ${job.token}` || r.headers.authorization === `Bearer ${job.token}`)).toBe(true);
    expectNoViolations(s.api);

    // Then the data tests ran on the sample data, with a read-only token and no comment of their own.
    const dataTests = run.job('data-tests');
    expect(dataTests.result).toBe('success');
    expect(dataTests.permissions).toEqual({ contents: 'read', metadata: 'read' });
    expect(dataTests.steps[1].outputs).toMatchObject({ result: 'warn', passed: '13', warned: '4', failed: '0' });
    expect(dataTests.summary).toContain('Data tests passed with warnings: 4 warned, 13 passed');

    // The next push updates the same comment instead of adding one.
    const again = await runPr(repository);
    expect(again.conclusion).toBe('success');
    expect(s.api.state.comments(OWNER, REPO, PR)).toHaveLength(1);
    expect(s.api.state.comments(OWNER, REPO, PR)[0].id).toBe(comments[0].id);
  },
  E2E_TIMEOUT_MS,
);

test(
  'red: a plan that destroys resources fails the check until the pull request is labelled terraform:allow-destroy',
  async () => {
    seedPr();
    const repository = assembleRepository({ scenarios: { lake: 'destroy' }, dataQuality: true });
    const run = await runPr(repository);
    const job = run.job('plan');

    expect(run.conclusion).toBe('failure');
    expect(job.step('plan').outcome).toBe('success');
    expect(job.step('plan').outputs).toMatchObject({ destroy: '2' });
    const guard = job.steps.find((st) => st.name.startsWith('Refuse destroys'));
    expect(guard).toMatchObject({ outcome: 'failure', exitCode: 1 });
    expect(guard?.errors).toEqual([
      'The plan destroys 2 and replaces 0 resource(s). Review the plan comment, then add the label terraform:allow-destroy to accept it.',
    ]);
    expect(guard?.annotations[0].properties.title).toBe('The plan destroys resources');
    expect(run.job('data-tests').result).toBe('skipped');
    // The comment shows the destroys (reviewers see what would go) even though the check is red.
    const body = s.api.state.comments(OWNER, REPO, PR)[0].body;
    expect(body).toContain('**2** to destroy');
    expect(body).toContain('aws_s3_bucket.legacy');
    expect(body).toContain('aws_iam_role.legacy_loader');

    const accepted = await runPr(repository, { labels: ['terraform:allow-destroy'] });
    expect(accepted.conclusion).toBe('success');
    expect(accepted.job('plan').steps.find((st) => st.name.startsWith('Refuse destroys'))?.outcome).toBe('skipped');
    expect(s.api.state.comments(OWNER, REPO, PR)).toHaveLength(1);
    expectNoViolations(s.api);
  },
  E2E_TIMEOUT_MS,
);

test(
  'a pull request from a fork gets a read-only token: the plan still runs and reports in the job summary, the comment is skipped with a warning',
  async () => {
    seedPr({ fork: true });
    const repository = assembleRepository({ scenarios: { lake: 'update-in-place' }, dataQuality: true });
    const run = await runPr(repository, { fork: true });
    const job = run.job('plan');
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'read', metadata: 'read' });
    expect(run.conclusion).toBe('success');
    expect(s.api.state.comments(OWNER, REPO, PR)).toEqual([]);
    expect(job.step('plan').warnings.join('\n')).toMatch(/token is read-only \(a fork or Dependabot\)/);
    expect(job.summary).toContain('`infra/lake`');
    expect(job.summary).toContain('**2** to change');
  },
  E2E_TIMEOUT_MS,
);
