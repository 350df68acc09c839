/**
 * Turns what a test measured into its status and a one-line message: failing counts through
 * dbt's thresholds, freshness through warn_after/error_after, metrics through the anomaly score
 * or the change from the baseline run.
 */
import { scoreAnomaly } from './anomaly.js';
import type { Baseline, HistoryRecord } from './history.js';
import type { DataTest, TestReport, TestStatus } from './model.js';
import type { Measure } from './planner.js';
import { testColumns } from './planner.js';
import { decide, percentOf } from './thresholds.js';

export type Evaluation = Pick<TestReport, 'status' | 'failing' | 'total' | 'failingPercent' | 'threshold' | 'message' | 'anomaly' | 'baseline'> & {
  /** Set when this run flagged the test's metric as an anomaly (kept out of future training). */
  anomalousMetric?: string;
};

export interface EvaluationContext {
  history: HistoryRecord[];
  baseline?: Baseline;
  metric?: string;
}

export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** 0.0002% reads as "<0.01%", never as a misleading "0%". */
const percentText = (p: number) => (p > 0 && p < 0.01 ? '<0.01%' : `${fmt(p)}%`);

export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)}h` : ''}`;
}

/** A severity-warn test never fails: what would fail only warns. */
function bySeverity(test: DataTest, status: TestStatus): TestStatus {
  return status === 'fail' && test.thresholds.severity === 'warn' ? 'warn' : status;
}

export function evaluate(test: DataTest, measure: Measure, ctx: EvaluationContext): Evaluation {
  const spec = test.spec;
  switch (measure.kind) {
    case 'count': {
      const total = measure.total;
      const { status, threshold } = decide(test.thresholds, measure.failing, total);
      const percent = total ? percentOf(measure.failing, total) : undefined;
      const rows = (n: number) => (n === 1 ? 'row' : 'rows');
      const what = (n: number) =>
        spec.type === 'sql' ? `${rows(n)} returned` : spec.type === 'relationships' ? `${rows(n)} without a match in ${spec.to}` : `failing ${rows(n)}`;
      const message =
        measure.failing === 0
          ? `no ${what(0)}${total !== undefined ? ` in ${fmt(total)}` : ''}`
          : `${fmt(measure.failing)} ${what(measure.failing)}${total ? ` of ${fmt(total)} (${percentText(percent!)})` : ''}${measure.detail ? `; ${measure.detail}` : ''}`;
      return { status, failing: measure.failing, total, failingPercent: percent, threshold, message };
    }
    case 'rowCount': {
      if (spec.type !== 'row_count') break;
      const outside = (spec.min !== undefined && measure.rows < spec.min) || (spec.max !== undefined && measure.rows > spec.max);
      const expected =
        spec.min !== undefined && spec.max !== undefined
          ? spec.min === spec.max
            ? `exactly ${fmt(spec.min)}`
            : `${fmt(spec.min)} to ${fmt(spec.max)}`
          : spec.min !== undefined
            ? `at least ${fmt(spec.min)}`
            : `at most ${fmt(spec.max!)}`;
      const { status } = decide(test.thresholds, outside ? 1 : 0);
      return { status, failing: outside ? 1 : 0, total: measure.rows, threshold: expected, message: `${fmt(measure.rows)} rows (expected ${expected})` };
    }
    case 'freshness': {
      if (spec.type !== 'freshness') break;
      const parts = [
        spec.warnAfterMs !== undefined ? `warn after ${formatSeconds(spec.warnAfterMs / 1000)}` : '',
        spec.errorAfterMs !== undefined ? `error after ${formatSeconds(spec.errorAfterMs / 1000)}` : '',
      ];
      const threshold = parts.filter(Boolean).join(', ');
      if (measure.lagSeconds === null) return { status: bySeverity(test, 'fail'), failing: 1, threshold, message: `no rows have a value in ${spec.column}` };
      const lagMs = measure.lagSeconds * 1000;
      const status: TestStatus =
        spec.errorAfterMs !== undefined && lagMs > spec.errorAfterMs ? 'fail' : spec.warnAfterMs !== undefined && lagMs > spec.warnAfterMs ? 'warn' : 'pass';
      return {
        status: bySeverity(test, status),
        failing: status === 'pass' ? 0 : 1,
        threshold,
        message: `latest ${spec.column} is ${formatSeconds(measure.lagSeconds)} old`,
      };
    }
    case 'schema': {
      const { status, threshold } = decide(test.thresholds, measure.problems.length);
      return {
        status,
        failing: measure.problems.length,
        threshold,
        message: measure.problems.length ? measure.problems.join('; ') : 'columns and types as declared',
      };
    }
    case 'metric': {
      if (spec.type === 'anomaly') return anomaly(test, spec, measure.value, ctx);
      if (spec.type === 'change_vs_baseline') return change(test, spec, measure.value, ctx);
      break;
    }
  }
  throw new Error(`internal: ${spec.type} cannot be evaluated from a ${measure.kind} measure`);
}

function anomaly(test: DataTest, spec: Extract<DataTest['spec'], { type: 'anomaly' }>, value: number | null, ctx: EvaluationContext): Evaluation {
  const key = ctx.metric!;
  const threshold = `|robust z| > ${spec.sensitivity}${spec.direction === 'both' ? '' : ` (${spec.direction})`}`;
  if (value === null) return { status: bySeverity(test, 'fail'), failing: 1, threshold, message: `${key} has no value (no rows)` };
  const past = ctx.history.filter((r) => typeof r.metrics[key] === 'number');
  const training = past.filter((r) => !r.anomalies.includes(key)).map((r) => r.metrics[key]);
  const score = scoreAnomaly(training, value, spec);
  const chart = past.slice(-spec.window).map((r) => ({ at: r.at, value: r.metrics[key], anomalous: r.anomalies.includes(key) }));
  const detail = {
    metric: key,
    value,
    median: score.median,
    mad: score.mad,
    score: score.score,
    historyUsed: score.used,
    minHistory: spec.minHistory,
    history: chart,
  };
  if (score.verdict === 'learning') {
    return {
      status: 'pass',
      failing: 0,
      threshold,
      message: `${key} = ${fmt(value)}; learning (${score.used} of ${spec.minHistory} runs of history needed)`,
      anomaly: detail,
    };
  }
  const z = Number.isFinite(score.score!) ? fmt(score.score!) : score.score! > 0 ? '+∞' : '−∞';
  const anomalous = score.verdict === 'anomalous';
  const { status } = decide(test.thresholds, anomalous ? 1 : 0);
  return {
    status,
    failing: anomalous ? 1 : 0,
    threshold,
    message: `${key} = ${fmt(value)} vs median ${fmt(score.median!)} of ${score.used} runs (robust z ${z})`,
    anomaly: detail,
    anomalousMetric: anomalous ? key : undefined,
  };
}

function change(test: DataTest, spec: Extract<DataTest['spec'], { type: 'change_vs_baseline' }>, value: number | null, ctx: EvaluationContext): Evaluation {
  const key = ctx.metric!;
  const limits = [
    spec.maxDropPercent !== undefined ? `drop ≤ ${spec.maxDropPercent}%` : '',
    spec.maxIncreasePercent !== undefined ? `increase ≤ ${spec.maxIncreasePercent}%` : '',
  ];
  const threshold = limits.filter(Boolean).join(', ');
  const base = ctx.baseline?.record.metrics[key];
  if (value === null) return { status: bySeverity(test, 'fail'), failing: 1, threshold, message: `${key} has no value (no rows)` };
  if (base === undefined)
    return { status: 'pass', failing: 0, threshold, message: `${key} = ${fmt(value)}; no baseline run yet`, baseline: { metric: key, value } };
  const changePercent = base === 0 ? (value === 0 ? 0 : Infinity * Math.sign(value)) : ((value - base) / Math.abs(base)) * 100;
  const dropped = spec.maxDropPercent !== undefined && -changePercent > spec.maxDropPercent;
  const grew = spec.maxIncreasePercent !== undefined && changePercent > spec.maxIncreasePercent;
  const { status } = decide(test.thresholds, dropped || grew ? 1 : 0);
  const sign = changePercent > 0 ? '+' : '';
  const where = ctx.baseline?.ref ? ` on ${ctx.baseline.ref}` : ' in the previous run';
  return {
    status,
    failing: dropped || grew ? 1 : 0,
    threshold,
    message: `${key} = ${fmt(value)} vs ${fmt(base)}${where} (${Number.isFinite(changePercent) ? `${sign}${fmt(changePercent)}` : '∞'}%)`,
    baseline: { metric: key, value, baseline: base, changePercent: Number.isFinite(changePercent) ? changePercent : undefined, baselineRef: ctx.baseline?.ref },
  };
}

/** The column(s) a test is about, for reports. */
export function testColumnLabel(test: DataTest): string | undefined {
  const columns = test.column !== undefined ? [test.column] : testColumns(test.spec);
  return columns.length ? columns.join(', ') : undefined;
}
