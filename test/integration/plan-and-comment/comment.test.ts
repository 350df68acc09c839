/**
 * plan-and-comment's bundle on pull requests, against the fake GitHub API (every request checked
 * against GitHub's OpenAPI description) and the Terraform CLI double: one comment edited in place,
 * several modules in it, destroy warnings and labels, errors per module, outputs and digests,
 * secrets kept out, fork pull requests degrading to the job summary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planDigest } from '#shared/terraform/digest.js';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../../fakes/github-api/server.js';
import { pullRequestEvent, pushEvent, DEFAULT_REPO } from '../../harness/events.js';
import { createWorkspace, doubleRoot, invocations, plan, writeModule } from './helpers.js';

const { owner, repo } = DEFAULT_REPO;
const scenarioPlan = (name: string) => JSON.parse(readFileSync(path.join(doubleRoot, 'scenarios', name, 'plan.json'), 'utf8'));

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi();
});
afterEach(async () => {
  expectNoViolations(api);
  await api.close();
});

function seedPr(number = 7, options: { fork?: boolean; labels?: string[] } = {}) {
  api.state.seedPullRequest(owner, repo, { number, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), fork: options.fork, labels: options.labels });
  return { githubApiUrl: api.url, event: pullRequestEvent({ number, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), fork: options.fork }) };
}

describe('the pull request comment', () => {
  test('two modules render in one comment; a second run edits that comment instead of adding one', async () => {
    const pr = seedPr();
    const ws = createWorkspace([
      { dir: 'infra/prod', scenario: 'update-in-place' },
      { dir: 'infra/dev', scenario: 'no-changes' },
    ]);
    const first = await plan(ws, { 'working-directories': 'infra/*' }, pr);
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const comments = () => api.state.comments(owner, repo, 7);
    expect(comments()).toHaveLength(1);
    const body1 = comments()[0].body;
    expect(body1.startsWith('<!-- dataops-actions:plan:CI/test -->\n')).toBe(true);
    expect(body1).toContain('- 📝 `infra/prod`: **0** to add, **2** to change, **0** to replace, **0** to destroy');
    expect(body1).toContain('- ✅ `infra/dev`: no changes');
    expect(body1).toContain('| ✏️ update | `aws_glue_job.ingest` |');
    expect(body1).toContain('<details><summary>Plan output for infra/prod</summary>');
    expect(first.outputs['comment-url']).toBe(`https://github.com/${owner}/${repo}/pull/7#issuecomment-${comments()[0].id}`);

    // The next push: prod now replaces, dev gains a create.
    writeModule(ws.dirs.workspace, { dir: 'infra/prod', scenario: 'replace' });
    writeModule(ws.dirs.workspace, { dir: 'infra/dev', scenario: 'creates-only' });
    const second = await plan(ws, { 'working-directories': 'infra/*' }, pr);
    expect(second.exitCode).toBe(0);
    expect(comments()).toHaveLength(1);
    expect(api.requestsFor('issues/create-comment')).toHaveLength(1);
    expect(api.requestsFor('issues/update-comment')).toHaveLength(1);
    const body2 = comments()[0].body;
    expect(body2).not.toBe(body1);
    expect(body2).toContain('- 📝 `infra/prod`: **0** to add, **0** to change, **3** to replace, **0** to destroy');
    expect(body2).toContain('- 📝 `infra/dev`: **3** to add');
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
  });

  test('outputs: totals over modules, per-module JSON and digests equal to the digest of each plan', async () => {
    const pr = seedPr();
    const ws = createWorkspace([
      { dir: 'a', scenario: 'creates-only' },
      { dir: 'b', scenario: 'destroy' },
      { dir: 'c', scenario: 'replace' },
    ]);
    const result = await plan(ws, { 'working-directories': 'a\nb\nc' }, pr);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'has-changes': 'true', add: '3', change: '0', replace: '3', destroy: '2' });
    const digests = JSON.parse(result.outputs['plan-digests']);
    expect(digests).toEqual({ a: planDigest(scenarioPlan('creates-only')), b: planDigest(scenarioPlan('destroy')), c: planDigest(scenarioPlan('replace')) });
    const modules = JSON.parse(result.outputs.modules);
    expect(modules.map((m: any) => [m.directory, m.status, m.add, m.destroy, m.digest])).toEqual([
      ['a', 'changes', 3, 0, digests.a],
      ['b', 'changes', 0, 2, digests.b],
      ['c', 'changes', 0, 0, digests.c],
    ]);
    expect(readFileSync(modules[0].planJson, 'utf8')).toContain('"format_version":"1.2"');
    const body = api.state.comments(owner, repo, 7)[0].body;
    // Digests are in the comment, hidden and visible, so an apply can check what was reviewed.
    for (const [slug, digest] of Object.entries(digests)) expect(body).toContain(`<!-- dataops-actions:plan-digest ${slug} ${digest} -->`);
    expect(body).toContain(`digest \`${digests.b}\``);
    expect(JSON.parse(result.outputs.metrics)).toMatchObject({
      outcome: 'success',
      counters: { resources_to_add: 3, resources_to_change: 0, resources_to_destroy: 2, modules_planned: 3, modules_errored: 0 },
      phases: [{ name: 'init' }, { name: 'plan' }, { name: 'show' }, { name: 'comment' }],
    });
  });

  test('destroys and replaces are called out first; labels are created, set, and the stale ones removed on the next run', async () => {
    const pr = seedPr(7, { labels: ['needs-review'] });
    const ws = createWorkspace([{ dir: 'infra', scenario: 'destroy' }]);
    const first = await plan(ws, { 'working-directories': 'infra', label: 'true' }, pr);
    expect(first.exitCode).toBe(0);
    const body = api.state.comments(owner, repo, 7)[0].body;
    const caution = body.indexOf('> [!CAUTION]');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(body.indexOf('| Action | Resource |'));
    expect(body).toContain('>   - 🗑️ destroy `aws_s3_bucket.legacy` (delete because no resource config)');
    expect(api.state.labelsOn(owner, repo, 7).sort()).toEqual(['needs-review', 'terraform:changes', 'terraform:destroy']);
    expect(
      api
        .requestsFor('issues/create-label')
        .map((r) => (r.body as { name: string }).name)
        .sort(),
    ).toEqual(['terraform:changes', 'terraform:destroy']);

    writeModule(ws.dirs.workspace, { dir: 'infra', scenario: 'no-changes' });
    const second = await plan(ws, { 'working-directories': 'infra', label: 'true' }, pr);
    expect(second.exitCode).toBe(0);
    expect(api.state.labelsOn(owner, repo, 7).sort()).toEqual(['needs-review', 'terraform:no-changes']);
    expect(api.state.comments(owner, repo, 7)[0].body).not.toContain('[!CAUTION]');
  });

  test('a failed init and a failed plan show their own error output; every module is tried; the step fails after reporting', async () => {
    const pr = seedPr();
    const ws = createWorkspace([
      { dir: 'mods/broken-backend', scenario: 'init-error' },
      { dir: 'mods/broken-code', scenario: 'plan-error' },
      { dir: 'mods/fine', scenario: 'creates-only' },
    ]);
    const result = await plan(ws, { 'working-directories': 'mods/*', label: 'true' }, pr);
    expect(result.exitCode).toBe(1);
    expect(result.errors.at(-1)).toMatch(/^plan-and-comment: 2 of 3 modules failed: mods\/broken-backend \(init\), mods\/broken-code \(plan\)/);
    // The healthy module was planned all the same, and the outputs were still set.
    expect(
      invocations(ws)
        .filter((i) => i.argv[0] === 'plan')
        .map((i) => path.basename(i.cwd)),
    ).toEqual(['broken-code', 'fine']);
    expect(result.outputs).toMatchObject({ 'has-changes': 'true', add: '3' });
    expect(JSON.parse(result.outputs.modules).map((m: any) => [m.directory, m.status, m.error?.stage ?? null])).toEqual([
      ['mods/broken-backend', 'error', 'init'],
      ['mods/broken-code', 'error', 'plan'],
      ['mods/fine', 'changes', null],
    ]);
    const body = api.state.comments(owner, repo, 7)[0].body;
    expect(body).toContain('- ❌ `mods/broken-backend`: **init failed**');
    expect(body).toContain('│ Error: Failed to get existing workspaces: S3 bucket "acme-tf-state" does not exist.');
    expect(body).toContain('- ❌ `mods/broken-code`: **plan failed**');
    expect(body).toContain('│ Error: Reference to undeclared input variable');
    expect(body).not.toContain('Initializing the backend'); // the error output, not the whole log
    expect(body).toContain('- 📝 `mods/fine`: **3** to add');
    expect(result.summary).toContain('│ Error: Unsupported argument');
    // With a module failed the outcome is unknown: no plan label is set.
    expect(api.state.labelsOn(owner, repo, 7)).toEqual([]);
    expect(JSON.parse(result.outputs.metrics)).toMatchObject({ outcome: 'failure', counters: { modules_errored: 2, modules_planned: 3 } });
  });

  test('a fork pull request (read-only token) gets the job summary and a warning instead of a failed step', async () => {
    const pr = seedPr(9, { fork: true });
    api.state.setTokenPermissions('ghs_forkToken000000000000000000000000', { contents: 'read', pull_requests: 'read', issues: 'read' });
    const ws = createWorkspace([{ dir: '.', scenario: 'update-in-place' }]);
    const result = await plan(ws, { label: 'true' }, { ...pr, token: 'ghs_forkToken000000000000000000000000' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^Could not comment on the pull request: this pull request's token is read-only \(a fork or Dependabot\)\. The plan is in the job summary\./,
      ),
      expect.stringMatching(/^Could not label the pull request: this pull request's token is read-only/),
    ]);
    expect(api.state.comments(owner, repo, 9)).toEqual([]);
    expect(result.summary).toContain('- 📝 `.`: **0** to add, **2** to change');
    expect(result.outputs['comment-url']).toBe('');
  });

  test('the same missing permission on a pull request from the repository itself fails the step and names the permission', async () => {
    const pr = seedPr();
    api.state.setTokenPermissions('ghs_readOnly00000000000000000000000000', { contents: 'read', pull_requests: 'read' });
    const ws = createWorkspace([{ dir: '.', scenario: 'no-changes' }]);
    const result = await plan(ws, {}, { ...pr, token: 'ghs_readOnly00000000000000000000000000' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/Could not comment on the pull request: GitHub refused to create the pull request comment \(HTTP 403/);
    expect(result.errors.join('\n')).toMatch(/permissions:` issues: write; pull_requests: write/);
    expect(result.summary).toContain('no changes');
  });

  test('outside a pull request (push) there is no comment: the report is in the job summary', async () => {
    const ws = createWorkspace([{ dir: '.', scenario: 'creates-only' }]);
    const result = await plan(ws, {}, { githubApiUrl: api.url, eventName: 'push', event: pushEvent() });
    expect(result.exitCode).toBe(0);
    expect(api.requests).toEqual([]);
    expect(result.summary).toContain('### Terraform plan: 📝 1 module with changes');
    expect(result.summary).toContain('| ➕ create | `aws_s3_bucket.raw` |');
    expect(result.log).toContain('No pull request in this push event: the plan is in the job summary only.');
  });

  test('secrets: variables reach Terraform in a file, never on its command line; no secret value is in the comment, summary or log', async () => {
    const pr = seedPr();
    const ws = createWorkspace([{ dir: 'db', scenario: 'sensitive' }]);
    const result = await plan(ws, { 'working-directories': 'db', vars: 'db_password=hunter2-double-secret\nregion=eu-west-1' }, pr);
    expect(result.errors).toEqual([]);
    const planCall = invocations(ws).find((i) => i.argv[0] === 'plan')!;
    expect(planCall.argv.join(' ')).not.toContain('hunter2');
    expect(planCall.argv.some((a) => a.startsWith('-var='))).toBe(false);
    expect(Object.values(planCall.varFiles!).map((t) => JSON.parse(t))).toContainEqual({ db_password: 'hunter2-double-secret', region: 'eu-west-1' });
    const body = api.state.comments(owner, repo, 7)[0].body;
    for (const text of [body, result.summary, result.log, result.outputs.modules]) {
      for (const secret of ['hunter2-double-secret', 'old-secret-value', 'tok-double-secret']) expect(text).not.toContain(secret);
    }
    expect(body).toContain('| `db_password` | ✏️ update | `(sensitive value)` |');
  });
});
