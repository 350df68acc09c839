/**
 * One test entry of a check file or dbt schema (`not_null`, `{ accepted_values: { values: [...] } }`,
 * dbt's `arguments:`/`config:` blocks, dbt_utils tests) turned into a DataTest. A mistake makes the
 * test `invalid` with a one-line reason instead of throwing, so the other tests still run.
 */
import { parseDuration } from '../inputs.js';
import { errorMessage } from '../errors.js';
import type { Condition, DataTest, Location, MetricName, MetricSpec, RangeBound, Severity, TestSpec } from './model.js';
import { DEFAULT_CONDITION, parseCondition } from './thresholds.js';
import { isObject } from '../json-object.js';

export interface EntryContext {
  id: string;
  dataset: string;
  /** Set for tests listed under a column. */
  column?: string;
  location: Location;
}

type Args = Record<string, unknown>;

class EntryError extends Error {}

const fail = (message: string): never => {
  throw new EntryError(message);
};

const COLUMN_METRICS: MetricName[] = ['null_rate', 'distinct_count', 'mean', 'median', 'min', 'max', 'sum', 'freshness_lag'];

/** Returns undefined for a test switched off with dbt's `config: { enabled: false }`. */
export function normalizeTestEntry(entry: unknown, ctx: EntryContext): DataTest | undefined {
  let type = '(unknown)';
  let name: string | undefined;
  try {
    const parsed = splitEntry(entry);
    type = parsed.type;
    const args = parsed.args;
    const config = (isObject(args.config) ? args.config : {}) as Args;
    if (config.enabled === false) return undefined;
    name = str(config.name ?? args.name);
    const severity = String(config.severity ?? args.severity ?? 'error').toLowerCase() as Severity;
    const warnIf = condition('warn_if', config.warn_if ?? args.warn_if);
    const errorIf = condition('error_if', config.error_if ?? args.error_if);
    const where = str(config.where ?? args.where);
    const { spec, extraErrorIf } = buildSpec(type, args, ctx);
    return {
      id: ctx.id,
      name: name ?? displayName(spec, ctx.column),
      spec,
      column: ctx.column ?? (type === 'dbt_utils.expression_is_true' ? str(args.column_name) : undefined),
      thresholds: { severity, warnIf, errorIf: extraErrorIf ?? errorIf },
      where,
      location: ctx.location,
    };
  } catch (err) {
    if (!(err instanceof EntryError)) throw err;
    return invalidTest(ctx, name ?? (ctx.column ? `${type}(${ctx.column})` : type), err.message, type);
  }
}

export function invalidTest(ctx: EntryContext, name: string, message: string, type = 'schema'): DataTest {
  // An invalid test still needs a spec for the report; its type is kept when it is a known one.
  const spec: TestSpec = { type: 'schema', required: [], forbidden: [], types: {}, forbidExtra: false };
  const known = type as TestSpec['type'];
  return {
    id: ctx.id,
    name,
    spec: { ...spec, type: known } as TestSpec,
    thresholds: { severity: 'error', warnIf: DEFAULT_CONDITION, errorIf: DEFAULT_CONDITION },
    location: ctx.location,
    invalid: message,
  };
}

function splitEntry(entry: unknown): { type: string; args: Args } {
  if (typeof entry === 'string') return { type: entry, args: {} };
  if (!isObject(entry)) return fail('a test must be a test name or a map with one key, the test type');
  const keys = Object.keys(entry);
  if (keys.length !== 1) return fail(`a test entry must have exactly one key, the test type (got ${keys.join(', ') || 'none'})`);
  const type = keys[0];
  const raw = (entry as Args)[type];
  if (raw !== null && raw !== undefined && !isObject(raw)) return fail(`the arguments of '${type}' must be a map`);
  const args: Args = { ...((raw as Args) ?? {}) };
  // dbt 1.10: arguments nested under `arguments:`; both spellings may be mixed.
  if (isObject(args.arguments)) {
    for (const [k, v] of Object.entries(args.arguments as Args)) {
      if (k in args && k !== 'arguments') fail(`'${k}' is given both directly and under 'arguments'`);
      args[k] = v;
    }
  }
  delete args.arguments;
  return { type, args };
}

function buildSpec(type: string, args: Args, ctx: EntryContext): { spec: TestSpec; extraErrorIf?: Condition } {
  const column = () => columnOf(args, ctx, type);
  switch (type) {
    case 'not_null':
      return { spec: { type: 'not_null', column: column() } };
    case 'dbt_utils.not_null_proportion': {
      if (args.at_most !== undefined) fail('not_null_proportion with at_most is not supported; use not_null with warn_if/error_if');
      const atLeast = num(args.at_least, 'at_least') ?? fail("not_null_proportion needs 'at_least'");
      const maxNullPercent = round((1 - atLeast) * 100);
      return { spec: { type: 'not_null', column: column() }, extraErrorIf: { op: '>', value: maxNullPercent, percent: true, text: `>${maxNullPercent}%` } };
    }
    case 'unique': {
      if (ctx.column !== undefined) {
        if (args.columns !== undefined || args.column !== undefined)
          fail("unique under a column tests that column; use 'columns' at the dataset level for a compound key");
        return { spec: { type: 'unique', columns: [ctx.column] } };
      }
      const columns =
        args.columns !== undefined
          ? strList(args.columns, 'columns')
          : args.column !== undefined
            ? [String(args.column)]
            : fail("unique at the dataset level needs 'column' or 'columns'");
      return { spec: { type: 'unique', columns } };
    }
    case 'dbt_utils.unique_combination_of_columns':
      return { spec: { type: 'unique', columns: strList(args.combination_of_columns ?? fail("needs 'combination_of_columns'"), 'combination_of_columns') } };
    case 'accepted_values': {
      const values = Array.isArray(args.values) ? (args.values as Array<string | number | boolean>) : fail("accepted_values needs 'values'");
      if (values.length === 0) fail("accepted_values needs at least one value in 'values'");
      return { spec: { type: 'accepted_values', column: column(), values } };
    }
    case 'range':
    case 'dbt_utils.accepted_range': {
      const min = bound(type === 'range' ? args.min : args.min_value, 'min');
      const max = bound(type === 'range' ? args.max : args.max_value, 'max');
      if (min === undefined && max === undefined) fail(type === 'range' ? "range needs 'min' or 'max'" : "accepted_range needs 'min_value' or 'max_value'");
      if (typeof min === 'number' && typeof max === 'number' && min > max) fail(`min ${min} is greater than max ${max}`);
      const inclusive = args.inclusive === undefined ? true : Boolean(args.inclusive);
      return {
        spec: {
          type: 'range',
          column: column(),
          min,
          max,
          minInclusive: args.min_inclusive === undefined ? inclusive : Boolean(args.min_inclusive),
          maxInclusive: args.max_inclusive === undefined ? inclusive : Boolean(args.max_inclusive),
        },
      };
    }
    case 'regex': {
      const pattern = str(args.pattern) ?? fail("regex needs 'pattern'");
      return { spec: { type: 'regex', column: column(), pattern } };
    }
    case 'dbt_utils.not_empty_string':
      return args.trim_whitespace === false
        ? { spec: { type: 'length', column: column(), min: 1 } }
        : { spec: { type: 'regex', column: column(), pattern: '\\S' } };
    case 'length': {
      const equals = int(args.equals, 'equals');
      const min = equals ?? int(args.min, 'min');
      const max = equals ?? int(args.max, 'max');
      if (min === undefined && max === undefined) fail("length needs 'min', 'max' or 'equals'");
      if (min !== undefined && max !== undefined && min > max) fail(`min ${min} is greater than max ${max}`);
      return { spec: { type: 'length', column: column(), min, max } };
    }
    case 'relationships': {
      const to = str(args.to) ?? fail("relationships needs 'to' (the parent dataset)");
      const field = str(args.field) ?? fail("relationships needs 'field' (the parent's key column)");
      return { spec: { type: 'relationships', column: column(), to: datasetReference(to), field } };
    }
    case 'row_count': {
      const equals = int(args.equals, 'equals');
      const min = equals ?? int(args.min, 'min');
      const max = equals ?? int(args.max, 'max');
      if (ctx.column !== undefined) fail('row_count is a dataset-level test; list it under the dataset tests');
      if (min === undefined && max === undefined) fail("row_count needs 'min', 'max' or 'equals'");
      if (min !== undefined && max !== undefined && min > max) fail(`min ${min} is greater than max ${max}`);
      return { spec: { type: 'row_count', min, max } };
    }
    case 'freshness': {
      const warnAfterMs = duration(args.warn_after, 'warn_after');
      const errorAfterMs = duration(args.error_after, 'error_after');
      if (warnAfterMs === undefined && errorAfterMs === undefined) fail("freshness needs 'warn_after' or 'error_after'");
      return { spec: { type: 'freshness', column: column(), warnAfterMs, errorAfterMs } };
    }
    case 'dbt_utils.recency': {
      const periodMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[String(args.datepart)] ?? fail("recency needs 'datepart' (minute, hour or day)");
      const interval = num(args.interval, 'interval') ?? fail("recency needs 'interval'");
      const field = str(args.field) ?? ctx.column ?? fail("recency needs 'field'");
      return { spec: { type: 'freshness', column: field, errorAfterMs: interval * periodMs } };
    }
    case 'schema': {
      if (ctx.column !== undefined) fail('schema is a dataset-level test; list it under the dataset tests');
      const types = isObject(args.types) ? Object.fromEntries(Object.entries(args.types as Args).map(([k, v]) => [k, String(v)])) : {};
      const required = args.required === undefined ? [] : strList(args.required, 'required');
      const forbidden = args.forbidden === undefined ? [] : strList(args.forbidden, 'forbidden');
      const forbidExtra = args.forbid_extra === true;
      if (!required.length && !forbidden.length && !Object.keys(types).length && !forbidExtra)
        fail("schema needs 'required', 'forbidden', 'types' or 'forbid_extra: true'");
      return { spec: { type: 'schema', required, forbidden, types, forbidExtra } };
    }
    case 'expression': {
      const expression = str(args.expression) ?? fail("expression needs 'expression' (a SQL condition every row must meet)");
      if (args.column !== undefined && ctx.column !== undefined) fail("'column' is implied under a column");
      return { spec: { type: 'expression', expression } };
    }
    case 'dbt_utils.expression_is_true': {
      const expression = str(args.expression) ?? fail("expression_is_true needs 'expression'");
      const col = ctx.column ?? str(args.column_name);
      // dbt_utils appends the expression to the column when it is declared on one: `col >= 0`.
      return { spec: { type: 'expression', expression: col === undefined ? expression : `{{ column }} ${expression}` } };
    }
    case 'sql': {
      const query = str(args.query) ?? fail("sql needs 'query' (a SELECT returning the failing rows)");
      return { spec: { type: 'sql', query } };
    }
    case 'anomaly': {
      const metric = metricOf(args, ctx, 'anomaly');
      const minHistory = int(args.min_history, 'min_history') ?? 7;
      const window = int(args.window, 'window') ?? 30;
      if (window < minHistory) fail(`window ${window} is smaller than min_history ${minHistory}`);
      return {
        spec: {
          type: 'anomaly',
          metric,
          sensitivity: num(args.sensitivity, 'sensitivity') ?? 3,
          minHistory,
          window,
          direction: (str(args.direction) as 'both' | 'up' | 'down' | undefined) ?? 'both',
        },
      };
    }
    case 'change_vs_baseline': {
      const metric = metricOf(args, ctx, 'change_vs_baseline');
      const maxDropPercent = percent(args.max_drop, 'max_drop');
      const maxIncreasePercent = percent(args.max_increase, 'max_increase');
      if (maxDropPercent === undefined && maxIncreasePercent === undefined) fail("change_vs_baseline needs 'max_drop' or 'max_increase'");
      return { spec: { type: 'change_vs_baseline', metric, maxDropPercent, maxIncreasePercent } };
    }
    default:
      return fail(`unknown test '${type}'`);
  }
}

function metricOf(args: Args, ctx: EntryContext, test: string): MetricSpec {
  const name = (str(args.metric) ??
    fail(`${test} needs 'metric' (row_count, null_rate, distinct_count, mean, median, min, max, sum or freshness_lag)`)) as MetricName;
  if (name === 'row_count') {
    if (args.column !== undefined) fail("row_count is a dataset metric; remove 'column'");
    return { name };
  }
  if (!COLUMN_METRICS.includes(name)) fail(`unknown metric '${name}'`);
  const column = ctx.column ?? str(args.column) ?? fail(`metric ${name} needs 'column'`);
  if (ctx.column !== undefined && args.column !== undefined) fail("'column' is implied under a column");
  return { name, column };
}

function columnOf(args: Args, ctx: EntryContext, type: string): string {
  if (ctx.column !== undefined) {
    if (args.column !== undefined) fail("'column' is implied under a column; remove it");
    return ctx.column;
  }
  return str(args.column) ?? fail(`${type} at the dataset level needs 'column' (or list it under the column)`);
}

/** `ref('customers')`, `source('raw', 'customers')` (dbt) or a plain dataset name. */
export function datasetReference(text: string): string {
  const ref = /^\s*ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)\s*$/.exec(text);
  if (ref) return ref[1];
  const source = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(text);
  if (source) return `${source[1]}.${source[2]}`;
  return text.trim();
}

export function displayName(spec: TestSpec, column?: string): string {
  switch (spec.type) {
    case 'unique':
      return `unique(${spec.columns.join(', ')})`;
    case 'row_count':
    case 'schema':
    case 'sql':
      return spec.type;
    case 'expression': {
      const text = spec.expression.replace(/\{\{\s*column\s*\}\}/g, column ?? 'column').replace(/\s+/g, ' ');
      return `expression(${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
    }
    case 'anomaly':
    case 'change_vs_baseline':
      return `${spec.type}(${spec.metric.column === undefined ? spec.metric.name : `${spec.metric.name}(${spec.metric.column})`})`;
    default:
      return `${spec.type}(${spec.column})`;
  }
}

function condition(key: string, value: unknown): Condition {
  if (value === undefined || value === null) return DEFAULT_CONDITION;
  const parsed = parseCondition(String(value));
  return parsed ?? fail(`${key} ${JSON.stringify(value)} is not a condition such as ">0", ">=10" or ">1%"`);
}

function duration(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value * 1000;
  if (isObject(value)) {
    const { count, period } = value as { count?: unknown; period?: unknown };
    const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[String(period)];
    if (typeof count !== 'number' || unit === undefined) fail(`${key} must be a duration such as 6h, or { count: 6, period: hour }`);
    return (count as number) * unit!;
  }
  try {
    return parseDuration(key, String(value));
  } catch (err) {
    return fail(errorMessage(err).replace(/^Input /, ''));
  }
}

function percent(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(String(value));
  return match ? Number(match[1]) : fail(`${key} must be a percentage such as 10 or "10%"`);
}

function bound(value: unknown, key: string): RangeBound | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return value.trim();
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fail(`${key} must be a number or an ISO date/timestamp, got ${JSON.stringify(value)}`);
}

function num(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${key} must be a number, got ${JSON.stringify(value)}`);
  return value as number;
}

function int(value: unknown, key: string): number | undefined {
  const n = num(value, key);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) fail(`${key} must be a whole number >= 0, got ${n}`);
  return n;
}

function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function strList(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`${key} must be a list of column names`);
  return value as string[];
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
