/**
 * Injection into plan-and-comment, through the committed bundle and the fake GitHub API: hostile
 * for_each keys in resource addresses, attribute values, import IDs, moved-from addresses, check
 * failure messages, output values, module directory names (line breaks included) and Terraform's
 * own error output. The pull request comment, the job summary and the log must show all of it as
 * text: no live HTML, links, mentions or headings, no extra table cells, no executed workflow command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPlan, renderPlanText } from '../fixtures/terraform-double/plan-builder.mjs';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api/server.js';
import { pullRequestEvent } from '../harness/events.js';
import { createWorkspace, plan, writeModule } from '../integration/plan-and-comment/helpers.js';
import { record } from '../faults/support/ledger.js';
import { BASE_SHA, HEAD_SHA, OWNER, REPO } from '../faults/support/runs.js';
import { AS_FILE_NAME, CANARY, hostileNames, ONE_LINE, PAYLOADS, SHORT } from './support/hostile.js';
import { checkRunInert } from './support/inert.js';

const ACTION = 'plan-and-comment';

/** A scenario folder for the Terraform double: a plan whose every free-text field is hostile. */
function hostileScenario(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-scenario-'));
  const [k1, k2, k3, k4, k5] = hostileNames('key');
  const spec = {
    resources: [
      { address: `aws_s3_bucket.b[${JSON.stringify(k1)}]`, actions: ['create'], after: { bucket: k2, tags: { owner: PAYLOADS.mention } } },
      {
        address: `aws_s3_bucket.b[${JSON.stringify(k2)}]`,
        actions: ['delete', 'create'],
        before: { bucket: 'old', acl: k3 },
        after: { bucket: k3, acl: 'private' },
        replace_paths: [['bucket']],
        action_reason: 'replace_because_cannot_update',
      },
      { address: `aws_iam_role.r[${JSON.stringify(k3)}]`, actions: ['update'], before: { name: 'a' }, after: { name: k4 }, importing: { id: k4 } },
      {
        address: `aws_s3_bucket.moved[${JSON.stringify(k4)}]`,
        previous_address: `aws_s3_bucket.old[${JSON.stringify(k5)}]`,
        actions: ['no-op'],
        before: { bucket: 'x' },
        after: { bucket: 'x' },
      },
      {
        address: `aws_s3_bucket.legacy[${JSON.stringify(k5)}]`,
        actions: ['delete'],
        before: { bucket: k5 },
        action_reason: 'delete_because_no_resource_config',
      },
    ],
    outputs: { endpoint: { actions: ['create'], after: ONE_LINE } },
    checks: [
      {
        address: { kind: 'check', to_display: 'check.reachable', name: 'reachable' },
        status: 'fail',
        instances: [
          {
            address: { to_display: 'check.reachable' },
            status: 'fail',
            problems: [{ message: `The endpoint ${PAYLOADS.html} ${PAYLOADS.closeDetails}${PAYLOADS.addMask} failed` }],
          },
        ],
      },
    ],
  };
  const planJson = buildPlan(spec);
  writeFileSync(path.join(dir, 'plan.json'), `${JSON.stringify(planJson, null, 2)}\n`);
  writeFileSync(path.join(dir, 'plan.txt'), renderPlanText(planJson));
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ about: 'hostile text in every free-text field' }));
  return dir;
}

/** A scenario whose plan fails with hostile diagnostics on stderr (and stdout). */
function failingScenario(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-error-'));
  const stderr = [
    '╷',
    `│ Error: Invalid value for variable ${PAYLOADS.closeDetails}`,
    `│ ${PAYLOADS.htmlComment} ${PAYLOADS.mention} ${PAYLOADS.html}`,
    '::add-mask::pwn3d-mask',
    '::set-output name=pwn3d::owned-by-pwn3d',
    '::error title=pwn3d::owned-by-pwn3d',
    `│ ${PAYLOADS.legacyCommand} ${PAYLOADS.expression}`,
    '```',
    `## ${CANARY}-heading`,
    '╵',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'plan.stderr'), stderr);
  writeFileSync(path.join(dir, 'plan.json'), '{}');
  writeFileSync(path.join(dir, 'plan.txt'), '');
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ about: 'hostile diagnostics', plan: { exitCode: 1, stderrFile: 'plan.stderr' } }));
  return dir;
}

let api: FakeGitHubApi;
beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.seedPullRequest(OWNER, REPO, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA });
});
afterEach(async () => {
  expectNoViolations(api);
  await api.close();
});

const pr = () => ({ githubApiUrl: api.url, event: pullRequestEvent({ number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA }) });

test('hostile addresses, values, import IDs, check messages and outputs render inert in the comment, the summary and the log', async () => {
  const ws = createWorkspace([{ dir: 'infra', scenario: hostileScenario() }]);
  const result = await plan(ws, { 'working-directories': 'infra', label: 'true' }, pr());
  expect(result.errors).toEqual([]);
  const [comment] = api.state.comments(OWNER, REPO, 7);
  // The hostile text is there (shown, not dropped)...
  expect(comment.body).toContain(CANARY);
  expect(result.summary).toContain(CANARY);
  // ...and inert everywhere.
  const report = await checkRunInert(ACTION, result, { 'pull request comment': comment.body });
  expect(report.live).toEqual([]);
  expect(JSON.parse(result.outputs.modules)[0]).toMatchObject({ status: 'changes', add: 1, replace: 1, destroy: 1 });
  record({ kind: 'inputs', source: 'hostile', subject: 'plan-and-comment: plan fields', count: 12, failures: report.live.length });
});

test('hostile module directory names (line breaks, markup, commands) render inert, with safe artifact names', async () => {
  const ws = createWorkspace([]);
  for (const name of [AS_FILE_NAME, SHORT, `mod ${PAYLOADS.legacyCommand}`])
    writeModule(ws.dirs.workspace, { dir: path.join('stacks', name), scenario: 'update-in-place' });
  const result = await plan(ws, { 'working-directories': 'stacks/*' }, pr());
  const modules = JSON.parse(result.outputs.modules) as Array<{ directory: string }>;
  expect(modules).toHaveLength(3);
  const [comment] = api.state.comments(OWNER, REPO, 7);
  const report = await checkRunInert(ACTION, result, { 'pull request comment': comment.body });
  expect(report.live).toEqual([]);
  expect(result.exitCode).toBe(0);
  // The digest markers the deploy action reads must stay one well-formed comment each.
  for (const marker of comment.body.match(/<!-- dataops-actions:plan-digest [^\n]*/g) ?? [])
    expect(marker).toMatch(/^<!-- dataops-actions:plan-digest [a-z0-9._-]+ sha256:[0-9a-f]{64} -->$/);
  record({ kind: 'inputs', source: 'hostile', subject: 'plan-and-comment: module paths', count: 3, failures: report.live.length });
});

test("Terraform's hostile error output stays text in the comment and the log (its commands never run)", async () => {
  const ws = createWorkspace([{ dir: 'infra', scenario: failingScenario() }]);
  const result = await plan(ws, { 'working-directories': 'infra' }, pr());
  expect(result.exitCode).toBe(1);
  expect(result.errors.at(-1)).toMatch(/^plan-and-comment: 1 of 1 modules failed: infra \(plan\)/);
  const [comment] = api.state.comments(OWNER, REPO, 7);
  expect(comment.body).toContain('Invalid value for variable');
  const report = await checkRunInert(ACTION, result, { 'pull request comment': comment.body });
  expect(report.live).toEqual([]);
  // Shown in the log, never executed.
  expect(`${result.stdout}\n${result.stderr}`).toContain('owned-by-pwn3d');
  record({ kind: 'inputs', source: 'hostile', subject: 'plan-and-comment: terraform error output', count: 1, failures: report.live.length });
});

test('a hostile comment-key cannot break out of the hidden marker', async () => {
  const ws = createWorkspace([{ dir: 'infra', scenario: 'update-in-place' }]);
  const key = `k --> ${PAYLOADS.html} <!-- ${PAYLOADS.mention}`;
  const result = await plan(ws, { 'working-directories': 'infra', 'comment-key': key }, pr());
  expect(result.errors).toEqual([]);
  const [comment] = api.state.comments(OWNER, REPO, 7);
  const firstLine = comment.body.split('\n')[0];
  expect(firstLine).toMatch(/^<!-- dataops-actions:plan:[^<>]*-->$/);
  expect(firstLine.slice(4, -3)).not.toContain('--');
  const report = await checkRunInert(ACTION, result, { 'pull request comment': comment.body });
  expect(report.live).toEqual([]);
  record({ kind: 'inputs', source: 'hostile', subject: 'plan-and-comment: comment-key', count: 1, failures: report.live.length });
});
