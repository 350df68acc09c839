/**
 * One small, representative run of each action through the committed bundle, for faults in the
 * services every action shares (the Pushgateway) and for the secret scan: each returns the run
 * and says whether the step's own work was done.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pullRequestEvent, pushEvent, DEFAULT_REPO } from '../../harness/events.js';
import type { ActionRunOptions, ActionRunResult } from '../../harness/run-action.js';
import { runAction } from '../../harness/run-action.js';
import type { FakeGitHubApi } from '../../fakes/github-api/server.js';
import type { FakeService } from '../../fakes/deploy-service/service.js';
import type { ReleaseMirror } from '../../fakes/release-mirror/server.js';
import { createWorkspace, plan } from '../../integration/plan-and-comment/helpers.js';
import { runDataTestsAction } from '../../integration/run-data-tests/helpers.js';

export const { owner: OWNER, repo: REPO } = DEFAULT_REPO;
export const HEAD_SHA = 'a'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);
export const V1 = '1'.repeat(40);
export const V2 = '2'.repeat(40);

export interface QuickRun {
  result: ActionRunResult;
  /** The step's own work is done (independent of metrics and other optional services). */
  workDone: boolean;
}

export async function quickSetupTerraform(mirror: ReleaseMirror, inputs: Record<string, string> = {}, options: ActionRunOptions = {}): Promise<QuickRun> {
  const result = await runAction('setup-terraform', {
    ...options,
    inputs: { 'releases-url': mirror.url, 'gpg-public-key': mirror.publicKey, 'terraform-version': '1.9.8', ...inputs },
  });
  const binary = result.outputs.path ?? '';
  const workDone =
    result.exitCode === 0 &&
    existsSync(binary) &&
    execFileSync(binary, ['version'], { encoding: 'utf8' }).startsWith('Terraform v1.9.8') &&
    result.addedPath.includes(path.dirname(binary));
  return { result, workDone };
}

/** plan-and-comment on a push (no pull request, so no API calls): one module with changes. */
export async function quickPlan(inputs: Record<string, string> = {}, options: ActionRunOptions = {}): Promise<QuickRun> {
  const ws = createWorkspace([{ dir: 'infra', scenario: 'update-in-place' }]);
  const result = await plan(ws, { 'working-directories': 'infra', ...inputs }, { eventName: 'push', event: pushEvent({ sha: HEAD_SHA }), ...options });
  const workDone = result.exitCode === 0 && result.outputs.change === '2' && /sha256:[0-9a-f]{64}/.test(result.outputs['plan-digests'] ?? '');
  return { result, workDone };
}

/** plan-and-comment on a pull request, commenting through the fake API. */
export async function quickPlanOnPullRequest(api: FakeGitHubApi, inputs: Record<string, string> = {}, options: ActionRunOptions = {}): Promise<QuickRun> {
  if (!api.state.issue(OWNER, REPO, 7)) api.state.seedPullRequest(OWNER, REPO, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA });
  const ws = createWorkspace([{ dir: 'infra', scenario: 'update-in-place' }]);
  const result = await plan(
    ws,
    { 'working-directories': 'infra', ...inputs },
    { githubApiUrl: api.url, event: pullRequestEvent({ number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA }), ...options },
  );
  const comments = api.state.comments(OWNER, REPO, 7);
  const workDone =
    result.exitCode === 0 &&
    comments.length === 1 &&
    result.outputs['comment-url'] === `https://github.com/${OWNER}/${REPO}/pull/7#issuecomment-${comments[0]?.id}`;
  return { result, workDone };
}

export const QUICK_CHECK_FILE = `version: 1
datasets:
  - name: customers
    path: data/customers.csv
    columns:
      - name: id
        tests: [unique, not_null]
`;

export async function quickDataTests(inputs: Record<string, string> = {}, options: ActionRunOptions = {}): Promise<QuickRun> {
  const result = await runDataTestsAction(QUICK_CHECK_FILE, { ...options, inputs });
  const workDone = result.exitCode === 0 && result.outputs.result === 'pass' && result.outputs.passed === '2';
  return { result, workDone };
}

/** Fast bake settings: probe once right after the deploy. */
export const QUICK_BAKE = { 'observe-for': '0s', interval: '250ms', timeout: '2s', 'failure-threshold': '1', 'error-threshold': '1' };

/** What quickDeploy needs of a deploy target: the real fake service, or the light one below. */
export type DeployTarget = Pick<FakeService, 'env' | 'deployCommand' | 'healthUrl' | 'currentRelease' | 'deploys'>;

/**
 * A deploy target that costs nothing: the deploy command appends the SHA to a log (one line per
 * deploy) and the health endpoint always answers 200. For faults of the GitHub API, where what
 * runs behind the deploy does not matter.
 */
export async function startLightTarget(): Promise<DeployTarget & { close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'light-deploy-'));
  const log = path.join(dir, 'deploys.log');
  const server = http.createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const deploys = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  return {
    env: { LIGHT_DEPLOY_LOG: log },
    deployCommand: [process.execPath, '-e', 'require("fs").appendFileSync(process.env.LIGHT_DEPLOY_LOG, process.env.DEPLOY_SHA + "\\n")'].join('\n'),
    healthUrl: `http://127.0.0.1:${port}/health`,
    deploys,
    currentRelease: () => deploys().at(-1) ?? '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function quickDeploy(
  api: FakeGitHubApi,
  service: DeployTarget,
  inputs: Record<string, string> = {},
  options: ActionRunOptions = {},
): Promise<QuickRun> {
  const sha = inputs.ref ?? V1;
  api.state.seedCommit(OWNER, REPO, sha);
  const result = await runAction('deploy-with-rollback', {
    eventName: 'push',
    event: pushEvent({ sha }),
    githubApiUrl: api.url,
    ...options,
    env: { ...service.env, ...options.env },
    inputs: { environment: 'production', ref: sha, 'deploy-command': service.deployCommand, 'health-url': service.healthUrl, ...QUICK_BAKE, ...inputs },
  });
  const latest = api.state.deployments(OWNER, REPO).find((d) => d.sha === sha);
  const workDone =
    result.exitCode === 0 && result.outputs.result === 'deployed' && service.currentRelease() === sha && latest?.statuses.at(-1)?.state === 'success';
  return { result, workDone };
}
