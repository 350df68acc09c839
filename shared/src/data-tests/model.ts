/**
 * The data-tests model: a check file after loading (sources, datasets, normalized tests, each with
 * the file position that declared it) and the report a run produces. Every other data-tests
 * module speaks these types.
 */

/** Where something was declared: a file and a 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export function formatLocation(loc: Location | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

export type Severity = 'error' | 'warn';

/** `>0`, `>=10`, `!=0`, `>1%`: a comparison of the failing count (or percent of rows) with a number. */
export interface Condition {
  op: '>' | '>=' | '<' | '<=' | '=' | '!=';
  value: number;
  percent: boolean;
  /** As written, for reports. */
  text: string;
}

export interface Thresholds {
  severity: Severity;
  warnIf: Condition;
  errorIf: Condition;
}

export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';

export interface SourceSpec {
  name: string;
  type: 'postgres';
  url: string;
  location: Location;
}

/** Metrics a dataset can be scored on over time (anomaly, change_vs_baseline). */
export type MetricName = 'row_count' | 'null_rate' | 'distinct_count' | 'mean' | 'median' | 'min' | 'max' | 'sum' | 'freshness_lag';

export interface MetricSpec {
  name: MetricName;
  column?: string;
}

/** Metric key as stored in history: `row_count`, `null_rate:email`. */
export function metricKey(metric: MetricSpec): string {
  return metric.column === undefined ? metric.name : `${metric.name}:${metric.column}`;
}

export type RangeBound = number | string;

export type TestSpec =
  | { type: 'not_null'; column: string }
  | { type: 'unique'; columns: string[] }
  | { type: 'accepted_values'; column: string; values: Array<string | number | boolean> }
  | { type: 'range'; column: string; min?: RangeBound; max?: RangeBound; minInclusive: boolean; maxInclusive: boolean }
  | { type: 'regex'; column: string; pattern: string }
  | { type: 'length'; column: string; min?: number; max?: number }
  | { type: 'relationships'; column: string; to: string; field: string }
  | { type: 'row_count'; min?: number; max?: number }
  | { type: 'freshness'; column: string; warnAfterMs?: number; errorAfterMs?: number }
  | { type: 'schema'; required: string[]; forbidden: string[]; types: Record<string, string>; forbidExtra: boolean }
  | { type: 'expression'; expression: string }
  | { type: 'sql'; query: string }
  | { type: 'anomaly'; metric: MetricSpec; sensitivity: number; minHistory: number; window: number; direction: 'both' | 'up' | 'down' }
  | { type: 'change_vs_baseline'; metric: MetricSpec; maxDropPercent?: number; maxIncreasePercent?: number };

export type TestType = TestSpec['type'];

export const TEST_TYPES: readonly TestType[] = [
  'not_null',
  'unique',
  'accepted_values',
  'range',
  'regex',
  'length',
  'relationships',
  'row_count',
  'freshness',
  'schema',
  'expression',
  'sql',
  'anomaly',
  'change_vs_baseline',
];

export interface DataTest {
  /** Unique within the run: `orders#3`. */
  id: string;
  /** Display name: the `name:` given, else e.g. `not_null(order_id)`. */
  name: string;
  spec: TestSpec;
  /** The column the test was declared under (its `{{ column }}`), if any. */
  column?: string;
  thresholds: Thresholds;
  /** A SQL predicate limiting the rows tested (dbt `config.where`); trusted text from the check file. */
  where?: string;
  location: Location;
  /** Set when the test could not be understood: it reports as an error and never runs. */
  invalid?: string;
}

export interface FileRelation {
  kind: 'files';
  /** As written (a glob relative to the check file's folder). */
  pattern: string;
  format?: FileFormat;
  delimiter?: string;
  header?: boolean;
}

export interface TableRelation {
  kind: 'table';
  /** `schema.table` split into parts, each quoted on emission. */
  parts: string[];
}

export interface DatasetSpec {
  name: string;
  /** Name of a source in `sources:`; files use the embedded DuckDB when absent. */
  source?: string;
  relation: FileRelation | TableRelation;
  tests: DataTest[];
  location: Location;
  /** Set when the dataset itself is malformed: every test reports as an error. */
  invalid?: string;
}

export interface DataTestConfig {
  version: 1;
  file: string;
  /** Folder relative file paths in the check file are resolved against. */
  baseDir: string;
  sources: Record<string, SourceSpec>;
  datasets: DatasetSpec[];
  /** Values read from the environment into sources (credentials): masked in every output. */
  secrets: string[];
  /** Where the models of imported dbt schema files live (`dbt:` block). */
  dbt?: { source?: string; schema?: string; location: Location };
}

export type TestStatus = 'pass' | 'warn' | 'fail' | 'error';
export type RunResult = 'pass' | 'warn' | 'fail';

export interface Sample {
  columns: string[];
  rows: unknown[][];
}

export interface AnomalyDetail {
  metric: string;
  value: number;
  median?: number;
  mad?: number;
  score?: number;
  historyUsed: number;
  minHistory: number;
  /** Past values (oldest first) the chart shows before the current point. */
  history: Array<{ at: string; value: number; anomalous: boolean }>;
}

export interface BaselineDetail {
  metric: string;
  value: number;
  baseline?: number;
  changePercent?: number;
  baselineRef?: string;
}

export interface TestReport {
  id: string;
  name: string;
  type: TestType;
  column?: string;
  status: TestStatus;
  severity: Severity;
  /** Rows (or problems) that failed; absent when the test errored. */
  failing?: number;
  /** Rows the percentage is of. */
  total?: number;
  failingPercent?: number;
  /** The condition that decided the status, as written (`>1%`, `> 24h`). */
  threshold: string;
  message: string;
  sample?: Sample;
  error?: string;
  location: Location;
  anomaly?: AnomalyDetail;
  baseline?: BaselineDetail;
}

export interface DatasetReport {
  name: string;
  engine: 'duckdb' | 'postgres' | 'none';
  relation: string;
  location: Location;
  rowCount?: number;
  /** Set when the dataset could not be read at all (every test errored with it). */
  error?: string;
  durationMs: number;
  tests: TestReport[];
  metrics: Record<string, number>;
}

export interface Counts {
  passed: number;
  failed: number;
  warned: number;
  errored: number;
  total: number;
}

export interface DataTestReport {
  version: 1;
  configFile: string;
  startedAt: string;
  durationMs: number;
  result: RunResult;
  counts: Counts;
  datasets: DatasetReport[];
}

export function countStatuses(tests: Array<{ status: TestStatus }>): Counts {
  const counts: Counts = { passed: 0, failed: 0, warned: 0, errored: 0, total: tests.length };
  for (const t of tests) {
    if (t.status === 'pass') counts.passed++;
    else if (t.status === 'warn') counts.warned++;
    else if (t.status === 'fail') counts.failed++;
    else counts.errored++;
  }
  return counts;
}

/** An errored test fails the run like a failing one: a check that could not run proves nothing. */
export function runResult(counts: Counts): RunResult {
  if (counts.failed > 0 || counts.errored > 0) return 'fail';
  if (counts.warned > 0) return 'warn';
  return 'pass';
}

export type FailOn = 'error' | 'warn' | 'never';

/** Whether a run with this result must fail the step / exit non-zero. */
/** A DuckDB memory limit as the action input and the CLI option accept it (`512MB`, `2GB`, `1.5GiB`). */
export function isMemorySize(value: string): boolean {
  return /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value);
}

export function shouldFail(result: RunResult, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warn') return result !== 'pass';
  return result === 'fail';
}
