/**
 * Verification over a bake period. Every `interval` from the start of the period until
 * `observeFor` has passed, each repeated check is probed once (concurrently within a round).
 * A check fails verification when it reaches `failureThreshold` consecutive failures or
 * `errorThreshold` consecutive errors (only a success resets the streaks). The period ends on a
 * healthy round: when the last scheduled round was not healthy, rounds continue until one is or a
 * threshold is reached (bounded, since every unhealthy round lengthens a streak). One-shot checks
 * (data tests) run after the period passed. The schedule is computed, so the rounds and their
 * offsets are known in advance: round k is due at k × interval.
 */
import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { formatMs } from '../log.js';
import { sleep } from '../timers.js';
import type { HealthCheck, ProbeOutcome } from './health.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  // observe-for may be up to a year: longer than one setTimeout can wait.
  sleep,
};

export interface VerifyOptions {
  observeForMs: number;
  intervalMs: number;
  failureThreshold: number;
  errorThreshold: number;
  clock?: Clock;
  /** Called after each probe (metrics counters, the log). */
  onProbe?: (record: ProbeRecord) => void;
}

export interface ProbeRecord {
  check: string;
  round: number;
  /** When the round was due, in ms from the start of verification. */
  dueMs: number;
  /** When the probe actually started, in ms from the start of verification. */
  startedMs: number;
  latencyMs: number;
  outcome: ProbeOutcome;
  detail: string;
}

export interface CheckSummary {
  name: string;
  target: string;
  probes: number;
  successes: number;
  failures: number;
  errors: number;
  /** Longest streaks seen. */
  maxConsecutiveFailures: number;
  maxConsecutiveErrors: number;
  lastDetail: string;
}

export interface VerifyResult {
  passed: boolean;
  /** Why it passed or failed, one line. */
  reason: string;
  /** The check that failed verification, if any. */
  failedCheck?: string;
  rounds: number;
  probes: ProbeRecord[];
  checks: CheckSummary[];
  durationMs: number;
  observeForMs: number;
  intervalMs: number;
}

interface Streak {
  failures: number;
  errors: number;
}

export async function verifyHealth(checks: HealthCheck[], options: VerifyOptions): Promise<VerifyResult> {
  const clock = options.clock ?? realClock;
  const start = clock.now();
  const since = () => clock.now() - start;
  const repeated = checks.filter((c) => !c.once);
  const oneShot = checks.filter((c) => c.once);
  const probes: ProbeRecord[] = [];
  const summaries = new Map<string, CheckSummary>(
    checks.map((c) => [
      c.name,
      { name: c.name, target: c.target, probes: 0, successes: 0, failures: 0, errors: 0, maxConsecutiveFailures: 0, maxConsecutiveErrors: 0, lastDetail: '' },
    ]),
  );
  const streaks = new Map<string, Streak>(checks.map((c) => [c.name, { failures: 0, errors: 0 }]));
  const finish = (passed: boolean, reason: string, failedCheck?: string, rounds = 0): VerifyResult => ({
    passed,
    reason,
    failedCheck,
    rounds,
    probes,
    checks: [...summaries.values()],
    durationMs: since(),
    observeForMs: options.observeForMs,
    intervalMs: options.intervalMs,
  });

  /** Probes the checks once; returns the first check that crossed a threshold, with why. */
  const probeAll = async (group: HealthCheck[], round: number, dueMs: number): Promise<{ healthy: boolean; tripped?: { check: string; why: string } }> => {
    const results = await Promise.all(
      group.map(async (check) => {
        const startedMs = since();
        // A probe that throws (it should not) measured nothing: an error, never an unhandled rejection.
        const result = await check.probe({ round }).catch((err: unknown) => ({
          outcome: 'error' as const,
          latencyMs: since() - startedMs,
          detail: `the ${check.name} check crashed: ${errorMessage(err)}`,
        }));
        return { check, record: { check: check.name, round, dueMs, startedMs, latencyMs: result.latencyMs, outcome: result.outcome, detail: result.detail } };
      }),
    );
    let tripped: { check: string; why: string } | undefined;
    for (const { check, record } of results) {
      probes.push(record);
      options.onProbe?.(record);
      const summary = summaries.get(check.name)!;
      const streak = streaks.get(check.name)!;
      summary.probes++;
      summary.lastDetail = record.detail;
      if (record.outcome === 'success') {
        summary.successes++;
        streak.failures = 0;
        streak.errors = 0;
      } else if (record.outcome === 'failure') {
        summary.failures++;
        streak.failures++;
        summary.maxConsecutiveFailures = Math.max(summary.maxConsecutiveFailures, streak.failures);
        if (!tripped && streak.failures >= options.failureThreshold) {
          tripped = {
            check: check.name,
            why: `${check.name} check failed ${streak.failures} time(s) in a row (failure-threshold ${options.failureThreshold}): ${record.detail}`,
          };
        }
      } else {
        summary.errors++;
        streak.errors++;
        summary.maxConsecutiveErrors = Math.max(summary.maxConsecutiveErrors, streak.errors);
        if (!tripped && streak.errors >= options.errorThreshold) {
          tripped = {
            check: check.name,
            why: `${check.name} check could not be measured ${streak.errors} time(s) in a row (error-threshold ${options.errorThreshold}): ${record.detail}`,
          };
        }
      }
    }
    return { healthy: results.every((r) => r.record.outcome === 'success'), tripped };
  };

  if (checks.length === 0) return finish(true, 'no health checks configured: only the deploy itself was checked');

  let round = 0;
  if (repeated.length > 0) {
    for (;;) {
      const dueMs = round * options.intervalMs;
      const wait = dueMs - since();
      if (wait > 0) await clock.sleep(wait);
      round++;
      const { healthy, tripped } = await probeAll(repeated, round, dueMs);
      if (tripped) return finish(false, tripped.why, tripped.check, round);
      const periodOver = round * options.intervalMs > options.observeForMs;
      if (periodOver && healthy) break;
      if (periodOver) core.info(`Round ${round} was not healthy at the end of the bake period: probing until a healthy round or a threshold`);
    }
  } else if (options.observeForMs > 0) {
    await clock.sleep(options.observeForMs);
  }

  for (const check of oneShot) {
    const dueMs = since();
    const { healthy } = await probeAll([check], round + 1, dueMs);
    if (!healthy) {
      const last = probes[probes.length - 1];
      const why = last.outcome === 'error' ? `${check.name} could not be run: ${last.detail}` : `${check.name} failed: ${last.detail}`;
      return finish(false, why, check.name, round);
    }
  }
  const total = probes.length;
  return finish(true, `healthy: ${total} probe(s) over ${formatMs(options.observeForMs)}${round > 0 ? ` in ${round} round(s)` : ''}`, undefined, round);
}
