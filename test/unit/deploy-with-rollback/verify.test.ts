/**
 * The bake loop on a fake clock: the number of rounds and their offsets follow observe-for and
 * interval; failures and errors are counted separately, each against its own consecutive threshold.
 */
import { verifyHealth } from '../../../shared/src/deploy/verify.js';
import type { HealthCheck, ProbeOutcome } from '../../../shared/src/deploy/health.js';
import { FakeClock } from './fake-clock.js';

/** A check that answers from a script (the last entry repeats), taking `latencyMs` of fake time. */
function scripted(name: string, outcomes: ProbeOutcome[], clock: FakeClock, latencyMs = 20, once = false): HealthCheck & { calls: number } {
  const check = {
    name,
    target: `${name}-target`,
    once,
    calls: 0,
    async probe() {
      const outcome = outcomes[Math.min(check.calls, outcomes.length - 1)];
      check.calls++;
      clock.advance(latencyMs);
      return { outcome, latencyMs, detail: `${outcome} #${check.calls}` };
    },
  };
  return check;
}

const base = { observeForMs: 2000, intervalMs: 500, failureThreshold: 3, errorThreshold: 2 };

describe('verifyHealth', () => {
  test('a healthy check is probed every interval until observe-for has passed: floor(observe/interval)+1 rounds at k × interval', async () => {
    const clock = new FakeClock();
    const check = scripted('http', ['success'], clock);
    const result = await verifyHealth([check], { ...base, clock });
    expect(result.passed).toBe(true);
    expect(result.rounds).toBe(5);
    expect(result.probes.map((p) => p.dueMs)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(result.probes.map((p) => p.startedMs)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(result.checks[0]).toMatchObject({ probes: 5, successes: 5, failures: 0, errors: 0 });
    expect(result.reason).toMatch(/^healthy: 5 probe\(s\)/);
  });

  test.each([
    [0, 500, 1],
    [999, 500, 2],
    [60_000, 10_000, 7],
    [300_000, 10_000, 31],
  ])('observe-for %i ms with interval %i ms gives %i rounds', async (observeForMs, intervalMs, rounds) => {
    const clock = new FakeClock();
    const result = await verifyHealth([scripted('http', ['success'], clock)], { ...base, observeForMs, intervalMs, clock });
    expect(result.rounds).toBe(rounds);
    expect(result.probes).toHaveLength(rounds);
  });

  test('failures below the threshold pass; the threshold in a row fails, at the round it is reached', async () => {
    const clock = new FakeClock();
    const flaky = scripted('http', ['success', 'failure', 'failure', 'success', 'success'], clock);
    expect((await verifyHealth([flaky], { ...base, clock })).passed).toBe(true);

    const clock2 = new FakeClock();
    const broken = scripted('http', ['success', 'failure', 'failure', 'failure', 'success'], clock2);
    const result = await verifyHealth([broken], { ...base, clock: clock2 });
    expect(result.passed).toBe(false);
    expect(result.failedCheck).toBe('http');
    expect(result.rounds).toBe(4);
    expect(result.reason).toMatch(/http check failed 3 time\(s\) in a row \(failure-threshold 3\): failure #4/);
    expect(result.checks[0]).toMatchObject({ failures: 3, errors: 0, maxConsecutiveFailures: 3 });
  });

  test('errors count separately from failures, against error-threshold', async () => {
    const clock = new FakeClock();
    const unreachable = scripted('http', ['error', 'failure', 'error'], clock);
    const result = await verifyHealth([unreachable], { ...base, failureThreshold: 5, errorThreshold: 2, clock });
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/could not be measured 2 time\(s\) in a row \(error-threshold 2\)/);
    expect(result.checks[0]).toMatchObject({ probes: 3, failures: 1, errors: 2 });
  });

  test('a success resets both streaks', async () => {
    const clock = new FakeClock();
    const check = scripted('http', ['error', 'failure', 'success', 'error', 'failure', 'success'], clock);
    const result = await verifyHealth([check], { ...base, failureThreshold: 2, errorThreshold: 2, clock });
    expect(result.passed).toBe(true);
    expect(result.checks[0]).toMatchObject({ failures: 2, errors: 2, maxConsecutiveFailures: 1, maxConsecutiveErrors: 1 });
  });

  test('an unhealthy last round extends the bake period until a healthy round', async () => {
    const clock = new FakeClock();
    const check = scripted('http', ['success', 'success', 'success', 'success', 'failure', 'failure', 'success'], clock);
    const result = await verifyHealth([check], { ...base, clock });
    expect(result.passed).toBe(true);
    expect(result.rounds).toBe(7);
    expect(result.probes.at(-1)).toMatchObject({ outcome: 'success', dueMs: 3000 });
  });

  test('... or until a threshold is reached', async () => {
    const clock = new FakeClock();
    const check = scripted('http', ['success', 'success', 'success', 'success', 'failure'], clock);
    const result = await verifyHealth([check], { ...base, clock });
    expect(result.passed).toBe(false);
    expect(result.rounds).toBe(7);
  });

  test('checks of a round run together and each keeps its own counts', async () => {
    const clock = new FakeClock();
    const http = scripted('http', ['success'], clock);
    const command = scripted('command', ['success', 'failure', 'failure', 'failure'], clock);
    const result = await verifyHealth([http, command], { ...base, clock });
    expect(result.passed).toBe(false);
    expect(result.failedCheck).toBe('command');
    expect(result.checks.map((c) => [c.name, c.probes, c.failures])).toEqual([
      ['http', 4, 0],
      ['command', 4, 3],
    ]);
  });

  test('a slow probe does not shift the schedule: the next round starts at its due time or at once if late', async () => {
    const clock = new FakeClock();
    const slow = scripted('http', ['success'], clock, 700);
    const result = await verifyHealth([slow], { ...base, observeForMs: 1000, clock });
    expect(result.probes.map((p) => [p.dueMs, p.startedMs])).toEqual([
      [0, 0],
      [500, 700],
      [1000, 1400],
    ]);
  });

  test('one-shot checks (data tests) run once after the bake period, and their failure fails verification', async () => {
    const clock = new FakeClock();
    const http = scripted('http', ['success'], clock);
    const data = scripted('data-tests', ['failure'], clock, 50, true);
    const result = await verifyHealth([http, data], { ...base, clock });
    expect(data.calls).toBe(1);
    expect(result.passed).toBe(false);
    expect(result.failedCheck).toBe('data-tests');
    expect(result.probes.at(-1)).toMatchObject({ check: 'data-tests', startedMs: 2020 });
  });

  test('a one-shot check alone waits for the bake period first; an error means not verified', async () => {
    const clock = new FakeClock();
    const data = scripted('data-tests', ['error'], clock, 50, true);
    const result = await verifyHealth([data], { ...base, clock });
    expect(clock.sleeps).toEqual([2000]);
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/data-tests could not be run: error #1/);
  });

  test('no checks: passes without probing, saying so', async () => {
    const result = await verifyHealth([], { ...base, clock: new FakeClock() });
    expect(result).toMatchObject({ passed: true, rounds: 0, probes: [] });
    expect(result.reason).toMatch(/no health checks/);
  });

  test('a check that throws counts as an error, not a crash of the verification', async () => {
    const clock = new FakeClock();
    const crashing: HealthCheck = { name: 'command', target: 'x', probe: async () => Promise.reject(new Error('boom')) };
    const result = await verifyHealth([crashing], { ...base, clock });
    expect(result.passed).toBe(false);
    expect(result.reason).toMatch(/could not be measured 2 time\(s\) in a row .*the command check crashed: boom/);
  });

  test('onProbe sees every probe', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    await verifyHealth([scripted('http', ['success', 'error', 'success'], clock)], {
      ...base,
      observeForMs: 1000,
      clock,
      onProbe: (p) => seen.push(p.outcome),
    });
    expect(seen).toEqual(['success', 'error', 'success']);
  });
});
