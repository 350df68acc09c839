/**
 * Injection into deploy-with-rollback, through the committed bundle: a deploy command and a
 * health command printing hostile lines (workflow commands on stdout and stderr, markup), a
 * health endpoint answering a hostile body, and a hostile environment name. The summary, the
 * GitHub deployment records and the log must keep all of it as text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectNoViolations, startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api/server.js';
import { record } from '../faults/support/ledger.js';
import { OWNER, REPO, quickDeploy, startLightTarget } from '../faults/support/runs.js';
import { ALL_IN_ONE, CANARY, PAYLOADS } from './support/hostile.js';
import { checkRunInert } from './support/inert.js';

const ACTION = 'deploy-with-rollback';

let api: FakeGitHubApi;
let target: Awaited<ReturnType<typeof startLightTarget>>;
beforeEach(async () => {
  api = await startFakeGitHubApi();
  target = await startLightTarget();
});
afterEach(async () => {
  expectNoViolations(api);
  await Promise.all([api.close(), target.close()]);
});

/** A program (one argument per line) that prints the hostile text on stdout and stderr, then exits with `code`. */
function hostileCommand(code: number): string {
  const script = `process.stdout.write(${JSON.stringify(`${ALL_IN_ONE}\n`)}); process.stderr.write(${JSON.stringify(`${ALL_IN_ONE}\n`)}); process.exit(${code})`;
  return [process.execPath, '-e', script].join('\n');
}

/** Where GitHub shows deployment text: descriptions of every status. */
const deploymentText = () =>
  api.state
    .deployments(OWNER, REPO)
    .flatMap((d) => d.statuses.map((s) => s.description ?? ''))
    .join('\n');

test('a deploy command printing hostile lines on stdout and stderr, then failing: nothing it prints runs', async () => {
  const { result } = await quickDeploy(api, target, { 'deploy-command': hostileCommand(3) });
  expect(result.exitCode).toBe(1);
  expect(result.stdout + result.stderr).toContain('owned-by-pwn3d');
  const report = await checkRunInert(ACTION, result, { 'deployment statuses': deploymentText() });
  record({ kind: 'inputs', source: 'hostile', subject: 'deploy-with-rollback: deploy command output', count: 1, failures: report.live.length });
  expect(report.live).toEqual([]);
});

test('a health command printing hostile lines: nothing it prints runs', async () => {
  const { result } = await quickDeploy(api, target, { 'health-url': '', 'health-command': hostileCommand(1) });
  expect(result.outputs.result).toBe('failed');
  const report = await checkRunInert(ACTION, result, { 'deployment statuses': deploymentText() });
  record({ kind: 'inputs', source: 'hostile', subject: 'deploy-with-rollback: health command output', count: 1, failures: report.live.length });
  expect(report.live).toEqual([]);
});

test('a health endpoint answering a hostile body with 500: the excerpt is text in the summary, statuses and log', async () => {
  // The older command syntax first: a log line that quotes the start of the body carries it.
  const server = http.createServer((_req, res) => void res.writeHead(500, { 'content-type': 'text/html' }).end(`${PAYLOADS.legacyCommand} ${ALL_IN_ONE}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const { result } = await quickDeploy(api, target, { 'health-url': url });
    expect(result.outputs.result).toBe('failed');
    expect(result.summary).toContain(CANARY);
    const report = await checkRunInert(ACTION, result, { 'deployment statuses': deploymentText() });
    record({ kind: 'inputs', source: 'hostile', subject: 'deploy-with-rollback: health response body', count: 1, failures: report.live.length });
    expect(report.live).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a hostile environment name is refused before anything happens, and its text runs nothing', async () => {
  const { result } = await quickDeploy(api, target, { environment: `production${PAYLOADS.addMask}${PAYLOADS.legacyCommand}` });
  expect(result.exitCode).toBe(1);
  expect(result.errors.at(-1)).toMatch(/^deploy-with-rollback: Input 'environment' has invalid value/);
  expect(api.state.deployments(OWNER, REPO)).toEqual([]);
  expect(target.deploys()).toEqual([]);
  const report = await checkRunInert(ACTION, result);
  record({ kind: 'inputs', source: 'hostile', subject: 'deploy-with-rollback: environment name', count: 1, failures: report.live.length });
  expect(report.live).toEqual([]);
});
