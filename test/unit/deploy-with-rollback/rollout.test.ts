/**
 * The rollout decisions on a fake clock, with an in-memory stand-in for the Deployments API
 * (the real client against the OpenAPI-checked fake GitHub is tested in deployments.test.ts and
 * the integration tests): which statuses are posted, in which order, and what the outcome says.
 */
import { jest } from '@jest/globals';
import { Metrics } from '../../../shared/src/metrics.js';
import { rollout, EnvironmentBusyError, type DeploymentsApi, type RolloutSettings } from '../../../shared/src/deploy/rollout.js';
import type { Deployment, DeploymentState, NewDeployment, StatusDetails } from '../../../shared/src/deploy/deployments.js';
import { DeployFailedError, type DeployStrategy, type DeployTarget, type RollbackTarget } from '../../../shared/src/deploy/strategy.js';
import type { HealthCheck, ProbeOutcome } from '../../../shared/src/deploy/health.js';
import { healthChecksJson, summaryMarkdown, alertFor } from '../../../shared/src/deploy/report.js';
import { FakeClock } from './fake-clock.js';

const SHA_NEW = '1'.repeat(40);
const SHA_GOOD = '2'.repeat(40);
const SHA_OLD = '3'.repeat(40);

class MemoryDeployments implements DeploymentsApi {
  readonly environment = 'production';
  nextId = 100;
  readonly records: Array<Deployment & { statuses: Array<{ state: DeploymentState } & StatusDetails> }> = [];
  readonly calls: string[] = [];

  seed(sha: string, states: DeploymentState[], createdAgoMs = 3_600_000): number {
    const id = this.nextId++;
    this.records.push({
      id,
      sha,
      ref: sha,
      environment: this.environment,
      task: 'deploy',
      createdAt: new Date(Date.now() - createdAgoMs).toISOString(),
      payload: {},
      statuses: states.map((state) => ({ state })),
    });
    return id;
  }
  latest(id: number) {
    return this.records.find((r) => r.id === id)?.statuses.at(-1)?.state;
  }
  statesOf(id: number) {
    return this.records.find((r) => r.id === id)!.statuses.map((s) => s.state);
  }
  async create(spec: NewDeployment): Promise<Deployment> {
    this.calls.push(`create ${spec.sha.slice(0, 1)}`);
    const id = this.seed(spec.sha, [], 0);
    Object.assign(this.records.at(-1)!, { payload: spec.payload, task: spec.task });
    return this.records.find((r) => r.id === id)!;
  }
  async setStatus(id: number, state: DeploymentState, details: StatusDetails = {}) {
    this.calls.push(`status ${id} ${state}`);
    this.records.find((r) => r.id === id)!.statuses.push({ state, ...details });
  }
  async findRunning(maxAgeMs: number) {
    const running = [...this.records].reverse().find((r) => ['in_progress', 'queued', 'pending'].includes(this.latest(r.id) ?? 'pending'));
    if (!running) return {};
    const ageMs = Date.now() - Date.parse(running.createdAt);
    const entry = { deployment: running, state: this.latest(running.id) ?? ('pending' as DeploymentState), ageMs };
    return ageMs <= maxAgeMs ? { running: entry } : { stale: entry };
  }
  async findLastSuccessful({ beforeId, skipSha }: { beforeId: number; skipSha?: string }) {
    let skippedSameSha = 0;
    const older = [...this.records].reverse().filter((r) => r.id < beforeId);
    for (const r of older) {
      if (this.latest(r.id) !== 'success') continue;
      if (r.sha === skipSha) {
        skippedSameSha++;
        continue;
      }
      return { found: r, skippedSameSha, examined: older.length };
    }
    return { skippedSameSha, examined: older.length };
  }
  async markEarlierInactive(currentId: number, details: StatusDetails = {}) {
    const ids = this.records.filter((r) => r.id < currentId && this.latest(r.id) === 'success').map((r) => r.id);
    for (const id of ids) await this.setStatus(id, 'inactive', details);
    return ids;
  }
}

/** A strategy whose deploy/rollback results are scripted by SHA. */
function fakeStrategy(failDeployOf: string[] = [], failRollback = false): DeployStrategy & { log: string[] } {
  const log: string[] = [];
  return {
    name: 'command',
    log,
    async prepare() {},
    payload: () => ({ planDigest: 'sha256:abc' }),
    artifacts: () => ({}),
    async deploy(t: DeployTarget) {
      log.push(`deploy ${t.sha.slice(0, 1)} as ${t.deploymentId}`);
      if (failDeployOf.includes(t.sha)) throw new DeployFailedError('the deploy command exited with code 2');
      return { note: 'ok' };
    },
    async rollback(t: RollbackTarget) {
      log.push(`rollback to ${t.sha.slice(0, 1)} from ${t.failedSha.slice(0, 1)} as ${t.deploymentId}`);
      if (failRollback) throw new DeployFailedError('the rollback command exited with code 1');
      return { note: 'ok' };
    },
  };
}

/** Health per SHA: a script of outcomes per round. */
function healthBy(scripts: Record<string, ProbeOutcome[]>, clock: FakeClock) {
  return (target: DeployTarget): HealthCheck[] => {
    let calls = 0;
    const script = scripts[target.sha] ?? ['success'];
    return [
      {
        name: 'http',
        target: 'http://svc/health',
        async probe() {
          const outcome = script[Math.min(calls++, script.length - 1)];
          clock.advance(15);
          return {
            outcome,
            latencyMs: 15,
            detail: outcome === 'success' ? 'HTTP 200' : outcome === 'failure' ? 'HTTP 500, expected 200' : 'no answer within 100 ms (timeout)',
          };
        },
      },
    ];
  };
}

const settings: RolloutSettings = {
  sha: SHA_NEW,
  task: 'deploy',
  environmentUrl: 'https://prod.example.test',
  lockTimeoutMs: 30 * 60_000,
  verify: { observeForMs: 1000, intervalMs: 250, failureThreshold: 2, errorThreshold: 3 },
};
const run = { runUrl: 'https://github.com/o/r/actions/runs/1', runId: '1', runAttempt: '1', workflow: 'deploy', actor: 'octocat' };

function setup(options: { failDeployOf?: string[]; failRollback?: boolean; health?: Record<string, ProbeOutcome[]> } = {}) {
  const clock = new FakeClock();
  const deployments = new MemoryDeployments();
  const strategy = fakeStrategy(options.failDeployOf, options.failRollback);
  const metrics = new Metrics('deploy-with-rollback');
  const deps = { deployments, strategy, healthChecks: healthBy(options.health ?? {}, clock), metrics, run, clock };
  return { clock, deployments, strategy, metrics, deps };
}

beforeAll(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

describe('rollout', () => {
  test('healthy: deployment in_progress then success with the environment URL; the earlier active one becomes inactive', async () => {
    const { deployments, deps, metrics } = setup();
    const old = deployments.seed(SHA_GOOD, ['in_progress', 'success']);
    const outcome = await rollout(settings, deps);
    expect(outcome).toMatchObject({ result: 'deployed', deployedSha: SHA_NEW, rolledBackTo: '', inactivated: [old] });
    const id = outcome.deploymentId;
    expect(deployments.statesOf(id)).toEqual(['in_progress', 'success']);
    expect(deployments.records.find((r) => r.id === id)!.statuses[1]).toMatchObject({ environmentUrl: 'https://prod.example.test', logUrl: run.runUrl });
    expect(deployments.statesOf(old)).toEqual(['in_progress', 'success', 'inactive']);
    expect(deployments.records.find((r) => r.id === id)!.payload).toMatchObject({
      action: 'deploy-with-rollback',
      strategy: 'command',
      planDigest: 'sha256:abc',
      run: { id: '1', url: run.runUrl },
    });
    expect(outcome.health.deploy).toMatchObject({ passed: true, rounds: 5 });
    expect(metrics.counters).toEqual({ health_probes: 5 });
    expect(metrics.phases.map((p) => p.name)).toEqual(['deploy', 'verify']);
    expect(outcome.timeline.phases.map((p) => p.name)).toEqual(['lock-check', 'prepare', 'create-deployment', 'deploy', 'verify', 'mark-inactive']);
  });

  test('unhealthy after deploy: marked failure, the last success is redeployed as a new deployment, verified, and it becomes the active one', async () => {
    const { deployments, deps, strategy, metrics } = setup({ health: { [SHA_NEW]: ['success', 'failure', 'failure'] } });
    const older = deployments.seed(SHA_OLD, ['success', 'inactive']);
    const good = deployments.seed(SHA_GOOD, ['in_progress', 'success']);
    const outcome = await rollout(settings, deps);
    expect(outcome.result).toBe('rolled-back');
    expect(outcome.failure).toEqual({ phase: 'verify', reason: expect.stringMatching(/http check failed 2 time\(s\) in a row.*HTTP 500/) });
    expect(outcome.rolledBackTo).toBe(SHA_GOOD);
    expect(outcome.deployedSha).toBe(SHA_GOOD);
    const failed = outcome.deploymentId;
    const rb = outcome.rollbackDeploymentId!;
    expect(rb).toBeGreaterThan(failed);
    expect(deployments.statesOf(failed)).toEqual(['in_progress', 'failure']);
    expect(deployments.statesOf(rb)).toEqual(['in_progress', 'success']);
    expect(deployments.statesOf(good)).toEqual(['in_progress', 'success', 'inactive']);
    expect(deployments.statesOf(older)).toEqual(['success', 'inactive']);
    expect(deployments.records.find((r) => r.id === rb)!.payload).toMatchObject({ rollback: { of: failed, failedSha: SHA_NEW, to: good } });
    expect(strategy.log).toEqual([`deploy 1 as ${failed}`, `rollback to 2 from 1 as ${rb}`]);
    expect(deployments.calls).toEqual([
      'create 1',
      `status ${failed} in_progress`,
      `status ${failed} failure`,
      'create 2',
      `status ${rb} in_progress`,
      `status ${rb} success`,
      `status ${good} inactive`,
    ]);
    expect(metrics.counters).toMatchObject({ rollbacks: 1, health_failures: 2 });
    expect(metrics.phases.map((p) => p.name)).toEqual(['deploy', 'verify', 'rollback', 'verify-rollback']);
    expect(outcome.message).toMatch(/failed \(verification failed: .*\); rolled back to 2222222 \(deployment \d+\), which is healthy/);
  });

  test('a failing deploy is rolled back without verifying it', async () => {
    const { deployments, deps, metrics } = setup({ failDeployOf: [SHA_NEW] });
    deployments.seed(SHA_GOOD, ['success']);
    const outcome = await rollout(settings, deps);
    expect(outcome).toMatchObject({ result: 'rolled-back', failure: { phase: 'deploy', reason: 'the deploy command exited with code 2' } });
    expect(outcome.health.deploy).toBeUndefined();
    expect(outcome.health.rollback?.passed).toBe(true);
    expect(metrics.phases.map((p) => [p.name, p.ok])).toEqual([
      ['deploy', false],
      ['rollback', true],
      ['verify-rollback', true],
    ]);
  });

  test('the last good deployment is the newest whose LATEST status is success, passing over the failing SHA itself', async () => {
    const { deployments, deps } = setup({ failDeployOf: [SHA_NEW] });
    const good = deployments.seed(SHA_GOOD, ['success']);
    deployments.seed(SHA_OLD, ['success', 'failure']);
    deployments.seed(SHA_NEW, ['success']);
    const outcome = await rollout(settings, deps);
    expect(outcome.rolledBackTo).toBe(SHA_GOOD);
    expect(deployments.records.find((r) => r.id === outcome.rollbackDeploymentId)!.payload).toMatchObject({ rollback: { to: good } });
  });

  test('no earlier good deployment: failed, saying so, and nothing is invented', async () => {
    const { deployments, deps, strategy } = setup({ health: { [SHA_NEW]: ['failure'] } });
    deployments.seed(SHA_OLD, ['failure']);
    const outcome = await rollout(settings, deps);
    expect(outcome.result).toBe('failed');
    expect(outcome.rolledBackTo).toBe('');
    expect(outcome.rollbackDeploymentId).toBeUndefined();
    expect(outcome.message).toMatch(/no earlier successful deployment of production to roll back to: nothing was rolled back/);
    expect(strategy.log).toHaveLength(1);
    expect(deployments.records).toHaveLength(2);
    expect(deployments.statesOf(outcome.deploymentId)).toEqual(['in_progress', 'failure']);
  });

  test('every deployment opened is reported open, then closed once its final status is posted', async () => {
    const { deployments, deps } = setup({ health: { [SHA_NEW]: ['failure'] } });
    deployments.seed(SHA_GOOD, ['success']);
    const events: string[] = [];
    const outcome = await rollout(settings, { ...deps, track: { opened: (id) => events.push(`open ${id}`), closed: (id) => events.push(`close ${id}`) } });
    const [failed, rb] = [outcome.deploymentId, outcome.rollbackDeploymentId];
    expect(events).toEqual([`open ${failed}`, `close ${failed}`, `open ${rb}`, `close ${rb}`]);
  });

  test('a rollback that fails: rollback-failed, both deployments marked failure', async () => {
    const { deployments, deps } = setup({ failDeployOf: [SHA_NEW], failRollback: true });
    const good = deployments.seed(SHA_GOOD, ['success']);
    const outcome = await rollout(settings, deps);
    expect(outcome.result).toBe('rollback-failed');
    expect(outcome.rollbackFailure).toEqual({ phase: 'rollback', reason: 'the rollback command exited with code 1' });
    expect(outcome.deployedSha).toBe('');
    expect(deployments.statesOf(outcome.deploymentId)).toEqual(['in_progress', 'failure']);
    expect(deployments.statesOf(outcome.rollbackDeploymentId!)).toEqual(['in_progress', 'failure']);
    expect(deployments.statesOf(good)).toEqual(['success']);
    expect(outcome.message).toMatch(/^ROLLBACK FAILED on production/);
  });

  test('a rolled-back version that is unhealthy too is rollback-failed (verify-rollback)', async () => {
    const { deployments, deps } = setup({ health: { [SHA_NEW]: ['failure'], [SHA_GOOD]: ['error'] } });
    deployments.seed(SHA_GOOD, ['success']);
    const outcome = await rollout(settings, deps);
    expect(outcome.result).toBe('rollback-failed');
    expect(outcome.rollbackFailure?.phase).toBe('verify-rollback');
    expect(outcome.health.rollback?.reason).toMatch(/could not be measured 3 time\(s\) in a row/);
  });

  test('another deployment in progress younger than lock-timeout: refused before anything is created', async () => {
    const { deployments, deps, strategy } = setup();
    deployments.seed(SHA_GOOD, ['in_progress'], 60_000);
    await expect(rollout(settings, deps)).rejects.toThrow(EnvironmentBusyError);
    await expect(rollout(settings, deps)).rejects.toThrow(
      /Another deployment of environment 'production' is still in_progress: deployment 100 of 2222222, started 1 min 0 s ago \(lock-timeout 30 min 0 s\)/,
    );
    expect(deployments.records).toHaveLength(1);
    expect(strategy.log).toEqual([]);
  });

  test('an in-progress deployment older than lock-timeout is treated as abandoned', async () => {
    const { deployments, deps } = setup();
    deployments.seed(SHA_GOOD, ['in_progress'], 2 * 3_600_000);
    const outcome = await rollout(settings, deps);
    expect(outcome.result).toBe('deployed');
    expect(outcome.timeline.phases[0]).toMatchObject({ name: 'lock-check', note: 'deployment 100 looks abandoned; proceeding' });
  });
});

describe('reports', () => {
  test('health-checks JSON, summary and alert of a rollback', async () => {
    const { deployments, deps } = setup({ health: { [SHA_NEW]: ['success', 'failure', 'failure'] } });
    deployments.seed(SHA_GOOD, ['success']);
    const outcome = await rollout(settings, deps);
    const json = JSON.parse(healthChecksJson(outcome));
    expect(json.deploy).toMatchObject({ passed: false, rounds: 3, probes: 3, failures: 2, errors: 0, checks: [{ name: 'http', failures: 2 }] });
    expect(json.rollback).toMatchObject({ passed: true, rounds: 5, probes: 5 });
    const md = summaryMarkdown(outcome, 'command');
    expect(md).toContain('## ↩️ Rolled back `production` to `2222222`');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain('### Timeline');
    expect(md).toMatch(
      /```mermaid\nxychart-beta\n {2}title "Health of 1111111 — http probe latency \(ms\)"\n {2}x-axis "time since the bake period began" \["0s", "0\.25s", "0\.5s"\]/,
    );
    expect(md).toContain('  line [15, 15, 15]');
    const alert = alertFor(outcome, run.runUrl)!;
    expect(alert).toMatchObject({
      severity: 'error',
      title: 'Rolled back production to 2222222: 1111111 failed its health checks',
      fields: { 'Rolled back to': SHA_GOOD },
    });
  });

  test('no alert for a successful deploy; critical for a failed rollback', async () => {
    const ok = await rollout(settings, setup().deps);
    expect(alertFor(ok, run.runUrl)).toBeUndefined();
    const s = setup({ failDeployOf: [SHA_NEW], failRollback: true });
    s.deployments.seed(SHA_GOOD, ['success']);
    const bad = await rollout(settings, s.deps);
    expect(alertFor(bad, run.runUrl)).toMatchObject({ severity: 'critical', title: expect.stringMatching(/^ROLLBACK FAILED on production/) });
    expect(summaryMarkdown(bad, 'command')).toContain('> [!CAUTION]');
  });
});
