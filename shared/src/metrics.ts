/**
 * The metrics recorder every action uses: phases with durations (each also a collapsible log
 * group with a one-line summary), counters, and the run's outcome. `finishMetrics` writes the
 * `metrics` output and one JSON line to `$RUNNER_TEMP/dataops-metrics.jsonl`; exporters
 * (Pushgateway, OpenTelemetry) hang off the same record.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { debug } from './debug-log.js';
import { formatMs } from './log.js';

export type Outcome = 'success' | 'failure';

export interface PhaseRecord {
  name: string;
  startedAt: string;
  durationMs: number;
  ok: boolean;
}

export interface MetricsRecord {
  action: string;
  version: string;
  outcome: Outcome;
  startedAt: string;
  durationMs: number;
  phases: PhaseRecord[];
  counters: Record<string, number>;
  repository: string;
  workflow: string;
  job: string;
  runId: string;
  runAttempt: string;
  ref: string;
  sha: string;
}

export class Metrics {
  readonly phases: PhaseRecord[] = [];
  readonly counters: Record<string, number> = {};
  outcome: Outcome = 'success';
  private readonly started = performance.now();
  private readonly startedAt = new Date();
  /** Phases inside phases: the runner cannot nest log groups, so only the outermost opens one. */
  private depth = 0;

  constructor(
    readonly action: string,
    readonly version: string = process.env.GITHUB_ACTION_REF || 'dev',
  ) {}

  /** Runs one phase of the action inside a log group, timing it whether it succeeds or throws. */
  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const outermost = this.depth === 0;
    let ok = false;
    if (outermost) core.startGroup(name);
    this.depth++;
    debug('phase.start', { action: this.action, phase: name });
    try {
      const result = await fn();
      ok = true;
      return result;
    } finally {
      this.depth--;
      if (outermost) core.endGroup();
      const durationMs = performance.now() - t0;
      this.phases.push({ name, startedAt, durationMs, ok });
      debug('phase.end', { action: this.action, phase: name, ok, duration_ms: Math.round(durationMs) });
      core.info(`${outermost ? '' : '  '}${ok ? '✓' : '✗'} ${name} (${formatMs(durationMs)})`);
    }
  }

  /** Adds to a counter (rows scanned, resources changed, retries). Names are snake_case. */
  count(name: string, delta = 1): void {
    // Counters only go up; a bad delta must not poison the totals (nor fail the action).
    if (!Number.isFinite(delta) || delta < 0) {
      debug('counter.ignored', { action: this.action, counter: name, delta: String(delta) });
      return;
    }
    this.counters[name] = (this.counters[name] ?? 0) + delta;
    debug('counter', { action: this.action, counter: name, delta, total: this.counters[name] });
  }

  record(env: NodeJS.ProcessEnv = process.env): MetricsRecord {
    return {
      action: this.action,
      version: this.version,
      outcome: this.outcome,
      startedAt: this.startedAt.toISOString(),
      durationMs: performance.now() - this.started,
      phases: this.phases,
      counters: this.counters,
      repository: env.GITHUB_REPOSITORY ?? '',
      workflow: env.GITHUB_WORKFLOW ?? '',
      job: env.GITHUB_JOB ?? '',
      runId: env.GITHUB_RUN_ID ?? '',
      runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
      ref: env.GITHUB_REF ?? '',
      sha: env.GITHUB_SHA ?? '',
    };
  }
}

export const METRICS_FILE = 'dataops-metrics.jsonl';

/** One line for the log: outcome, total time and each phase's time. */
export function summaryLine(record: MetricsRecord): string {
  const phases = record.phases.map((p) => `${p.name} ${formatMs(p.durationMs)}${p.ok ? '' : ' ✗'}`).join(', ');
  return `${record.action}: ${record.outcome} in ${formatMs(record.durationMs)}${phases ? ` (${phases})` : ''}`;
}

/** Writes the `metrics` output and appends the run to the metrics file. Never throws. */
export function finishMetrics(metrics: Metrics): MetricsRecord {
  const record = metrics.record();
  try {
    core.info(summaryLine(record));
    debug('metrics', () => ({ record }));
    core.setOutput('metrics', JSON.stringify(record));
    const dir = process.env.RUNNER_TEMP;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      appendFileSync(path.join(dir, METRICS_FILE), `${JSON.stringify(record)}\n`);
    }
  } catch (err) {
    core.warning(`Could not write metrics: ${(err as Error).message}`);
  }
  return record;
}
