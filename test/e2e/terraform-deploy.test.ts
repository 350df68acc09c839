/**
 * workflows/terraform-deploy.yml runs end to end on pushes to main of a real git repository
 * (assembled from examples/): the plan job saves the plan as an artifact, the deploy job applies
 * exactly that plan to `production` (digest checked), probes a health endpoint and runs the data
 * tests of the deployed data. Green: the first push deploys. Red: a push whose data fails its tests
 * is rolled back to the last good commit (applied from a worktree), all visible in the fake GitHub's
 * Deployments.
 *
 * The "warehouse" is a folder per deployed commit (what each version's pipeline produced): the
 * production check file reads `${WAREHOUSE}/${DEPLOY_SHA}/customers.csv`, so after a rollback the
 * data tests see the good version's data again, as they would see the restored tables.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectNoViolations } from '../fakes/github-api/server.js';
import { runWorkflow } from './executor/executor.js';
import {
  assembleRepository,
  commitHistory,
  examplesDir,
  localRunnerOptions,
  mainPushEvent,
  OWNER,
  pushToFakeGitHub,
  REPO,
  startServices,
  starterWorkflow,
  terraformCalls,
  type Services,
  E2E_TIMEOUT_MS,
} from './rig.js';

let s: Services;
let health: http.Server;
let healthUrl: string;
let healthRequests = 0;
let warehouse: string;

const PRODUCTION_TESTS = `version: 1
datasets:
  - name: customers
    path: \${WAREHOUSE}/\${DEPLOY_SHA}/customers.csv
    columns:
      - name: id
        tests: [unique, not_null]
      - name: country
        tests:
          - accepted_values: { values: [FR, DE, NL, ES] }
`;

/** The data a deployed commit produces in the warehouse stand-in. */
function produce(sha: string, customersCsv: string): void {
  mkdirSync(path.join(warehouse, sha), { recursive: true });
  writeFileSync(path.join(warehouse, sha, 'customers.csv'), customersCsv);
}

beforeEach(async () => {
  s = await startServices({ ref: 'refs/heads/main' });
  warehouse = mkdtempSync(path.join(os.tmpdir(), 'warehouse-'));
  healthRequests = 0;
  health = http.createServer((req, res) => {
    healthRequests++;
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' }).end(req.url === '/health' ? 'ok' : 'not found');
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/health`;
});
afterEach(async () => {
  await new Promise((resolve) => health.close(resolve));
  await s.close();
});

const deployPush = async (repository: string, sha: string) => {
  pushToFakeGitHub(s.api, repository);
  return runWorkflow(starterWorkflow('terraform-deploy'), {
    eventName: 'push',
    event: mainPushEvent(sha),
    sha,
    vars: { PRODUCTION_HEALTH_URL: healthUrl, DEPLOY_BAKE_PERIOD: '0s' },
    services: await s.forRun({ newRun: true }),
    ...localRunnerOptions(repository),
    env: { ...localRunnerOptions(repository).env, WAREHOUSE: warehouse },
  });
};

const statuses = (sha: string) =>
  s.api.state
    .deployments(OWNER, REPO)
    .filter((d) => d.sha === sha)
    .map((d) => [d.environment, d.statuses.map((st) => st.state)]);

test(
  'a push to main deploys the reviewed plan to production; the next push with bad data is rolled back to it',
  async () => {
    const repository = assembleRepository({ scenarios: { lake: 'update-in-place' }, files: { 'dataops-tests.production.yml': PRODUCTION_TESTS } });
    const [good] = commitHistory(repository, [{ message: 'Tag the raw bucket', files: { '.gitignore': '.terraform/\n' } }]);
    const customers = readFileSync(path.join(examplesDir, 'data-quality', 'data', 'customers.csv'), 'utf8');
    produce(good, customers);

    // Green: the first deploy.
    const first = await deployPush(repository, good);
    expect(first.conclusion).toBe('success');
    const plan = first.job('plan');
    const digest = (JSON.parse(plan.step('plan').outputs['plan-digests']) as Record<string, string>)['infra/lake'];
    expect(plan.permissions).toEqual({ contents: 'read', metadata: 'read' });
    const deploy = first.job('deploy');
    expect(deploy.environment).toEqual({ name: 'production' });
    expect(deploy.concurrency).toEqual({ group: 'terraform-deploy-production', cancelInProgress: false });
    expect(deploy.permissions).toEqual({ contents: 'read', deployments: 'write', metadata: 'read' });
    const applied = deploy.step('deploy');
    expect(applied.inputs).toMatchObject({ 'plan-digest': digest, 'observe-for': '0s', 'health-url': healthUrl, ref: good });
    expect(applied.outputs).toMatchObject({ result: 'deployed', 'deployed-sha': good, 'rolled-back-to': '' });
    expect(healthRequests).toBeGreaterThan(0);
    expect(statuses(good)).toEqual([['production', ['in_progress', 'success']]]);
    const applies = terraformCalls(repository).filter((c) => c.argv[0] === 'apply');
    expect(applies).toHaveLength(1);
    expect(applies[0].cwd).toBe(path.join(deploy.dirs.workspace, 'infra', 'lake'));

    // Red: the next commit's version produces a customer with an unknown country; the data tests after the apply fail.
    const [bad] = commitHistory(repository, [{ message: 'Add the curated zone', files: { 'infra/lake/.terraform-double-scenario': 'creates-only\n' } }]);
    produce(bad, `${customers.trimEnd()}\n101,Customer 101,XX\n`);
    const second = await deployPush(repository, bad);
    const rolled = second.job('deploy').step('deploy');
    expect(second.conclusion).toBe('failure');
    expect(rolled.outcome).toBe('failure');
    expect(rolled.outputs).toMatchObject({ result: 'rolled-back', 'rolled-back-to': good, 'deployed-sha': good });
    const checks = JSON.parse(rolled.outputs['health-checks']) as Record<
      'deploy' | 'rollback',
      { passed: boolean; checks: Array<{ name: string; failures: number; lastDetail: string }> }
    >;
    expect(checks.deploy.passed).toBe(false);
    expect(checks.deploy.checks.find((c) => c.name === 'data-tests')).toMatchObject({
      failures: 1,
      lastDetail: '1 of 3 data test(s) failed: customers.accepted_values(country)',
    });
    expect(checks.deploy.checks.find((c) => c.name === 'http')).toMatchObject({ failures: 0, lastDetail: 'HTTP 200' });
    expect(checks.rollback.passed).toBe(true);
    expect(rolled.errors.join('\n')).toContain('customers.accepted_values(country)');

    // Deployments (newest first): the bad SHA failed, a new deployment of the good SHA is live, the first one is inactive.
    expect(s.api.state.deployments(OWNER, REPO).map((d) => [d.id, d.sha, d.environment, d.statuses.map((st) => st.state)])).toEqual([
      [Number(rolled.outputs['rollback-deployment-id']), good, 'production', ['in_progress', 'success']],
      [Number(rolled.outputs['deployment-id']), bad, 'production', ['in_progress', 'failure']],
      [Number(applied.outputs['deployment-id']), good, 'production', ['in_progress', 'success', 'inactive']],
    ]);

    // The rollback planned and applied the good commit's configuration from its own worktree.
    const secondApplies = terraformCalls(repository)
      .filter((c) => c.argv[0] === 'apply')
      .slice(1);
    expect(secondApplies).toHaveLength(2);
    expect(secondApplies[0].cwd).toBe(path.join(second.job('deploy').dirs.workspace, 'infra', 'lake'));
    expect(secondApplies[1].cwd).not.toBe(secondApplies[0].cwd);
    expect(secondApplies[1].cwd.endsWith(path.join('infra', 'lake'))).toBe(true);
    expectNoViolations(s.api);
  },
  E2E_TIMEOUT_MS,
);

test(
  'a push whose plan has no changes skips the deploy job',
  async () => {
    const repository = assembleRepository({ scenarios: { lake: 'no-changes' }, files: { 'dataops-tests.production.yml': PRODUCTION_TESTS } });
    const [sha] = commitHistory(repository, [{ message: 'Docs only' }]);
    const run = await deployPush(repository, sha);
    expect(run.conclusion).toBe('success');
    expect(run.job('plan').step('plan').outputs['has-changes']).toBe('false');
    expect(run.job('deploy').result).toBe('skipped');
    expect(s.api.state.deployments(OWNER, REPO)).toEqual([]);
  },
  E2E_TIMEOUT_MS,
);
