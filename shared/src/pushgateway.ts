/**
 * Pushes a run's metrics to a Prometheus Pushgateway in the text exposition format 0.0.4.
 *
 * One group per (repository, workflow, action) under job `dataops_actions`. The Pushgateway is a
 * cache, not an aggregator: a push replaces the group. So that counters still count runs, the
 * group's previous counter values are read back (GET /api/v1/metrics) and this run's increments
 * added before the group is replaced with PUT (which also drops gauges of phases that did not run
 * this time). Gauges describe the last run. Concurrent runs of one group may lose an increment:
 * the Pushgateway offers no atomic add. A failed push is a warning and never fails the step.
 */
import * as core from '@actions/core';
import { InputError, errorMessage } from './errors.js';
import { HttpSendError, sendWithRetries } from './http-send.js';
import type { MetricsRecord } from './metrics.js';

export const PUSHGATEWAY_JOB = 'dataops_actions';
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export const CoreMetric = {
  Runs: 'dataops_action_runs_total',
  Duration: 'dataops_action_duration_seconds',
  LastRun: 'dataops_action_last_run_timestamp_seconds',
  LastSuccess: 'dataops_action_last_success_timestamp_seconds',
  ConsecutiveFailures: 'dataops_action_consecutive_failures',
  LastRunCount: 'dataops_action_last_run_count',
  Info: 'dataops_action_info',
} as const;

/** The phase label value of the whole run's duration. */
export const TOTAL_PHASE = 'total';

type MetricType = 'counter' | 'gauge';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

/** The labels of the grouping key, in URL order. */
export function groupingLabels(record: Pick<MetricsRecord, 'repository' | 'workflow' | 'action'>): Record<string, string> {
  return { repository: record.repository, workflow: record.workflow, action: record.action };
}

/** `name/value` path segments; values with `/` (or empty ones) use the `@base64` form, URL-safe alphabet. */
export function groupingPath(job: string, labels: Record<string, string>): string {
  const segment = (name: string, value: string) =>
    value === '' || value.includes('/')
      ? `${name}@base64/${value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url')}`
      : `${name}/${encodeURIComponent(value)}`;
  return ['metrics', segment('job', job), ...Object.entries(labels).map(([k, v]) => segment(k, v))].join('/');
}

/** Any string as a valid metric-name part: lowercase, [a-z0-9_], not starting with a digit. */
export function metricNamePart(text: string): string {
  const part = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return /^[0-9]/.test(part) ? `_${part}` : part;
}

/** `dataops_<action>_<counter>_total`, e.g. dataops_run_data_tests_tests_failed_total. */
export function counterMetricName(action: string, counter: string): string {
  const base = `dataops_${metricNamePart(action)}_${metricNamePart(counter)}`;
  return base.endsWith('_total') ? base : `${base}_total`;
}

const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Renders families in the text exposition format 0.0.4 (HELP and TYPE before each family's samples). */
export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels)
        .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
        .join(',');
      lines.push(`${family.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** What the group held before this run: counter values by series, and two gauges. */
export interface CounterSeries {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PreviousGroup {
  /** By seriesKey. */
  counters: Map<string, CounterSeries>;
  consecutiveFailures: number;
  lastSuccess?: number;
}

export const EMPTY_GROUP: PreviousGroup = { counters: new Map(), consecutiveFailures: 0 };

/** A series key independent of label order. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',')}}`;
}

interface ApiGroup {
  labels?: Record<string, string>;
  [metric: string]: unknown;
}

interface ApiFamily {
  type?: string;
  metrics?: Array<{ labels?: Record<string, string>; value?: string }>;
}

/** Picks this group out of the Pushgateway's /api/v1/metrics answer. Unknown shapes count as empty. */
export function parsePreviousGroup(json: string, grouping: Record<string, string>): PreviousGroup {
  const result: PreviousGroup = { counters: new Map(), consecutiveFailures: 0 };
  let groups: ApiGroup[];
  try {
    groups = (JSON.parse(json) as { data?: ApiGroup[] }).data ?? [];
  } catch {
    return result;
  }
  const wanted = { job: PUSHGATEWAY_JOB, ...grouping };
  const group = groups.find((g) => {
    const labels = g.labels ?? {};
    return Object.keys(labels).length === Object.keys(wanted).length && Object.entries(wanted).every(([k, v]) => (labels[k] ?? '') === v);
  });
  if (!group) return result;
  const dropped = new Set(['instance', ...Object.keys(wanted)]);
  for (const [name, family] of Object.entries(group)) {
    if (!name.startsWith('dataops_') || typeof family !== 'object' || family === null) continue;
    const { type, metrics = [] } = family as ApiFamily;
    for (const m of metrics) {
      const value = Number(m.value);
      if (!Number.isFinite(value)) continue;
      const labels = Object.fromEntries(Object.entries(m.labels ?? {}).filter(([k]) => !dropped.has(k)));
      if (type === 'COUNTER') result.counters.set(seriesKey(name, labels), { name, labels, value });
      else if (name === CoreMetric.ConsecutiveFailures) result.consecutiveFailures = value;
      else if (name === CoreMetric.LastSuccess) result.lastSuccess = value;
    }
  }
  return result;
}

/** The families pushed for one run, counters continued from the group's previous values. */
export function buildFamilies(record: MetricsRecord, previous: PreviousGroup = EMPTY_GROUP): MetricFamily[] {
  const coreNames = new Set<string>(Object.values(CoreMetric));
  const finishedAt = (Date.parse(record.startedAt) + record.durationMs) / 1000;
  const ok = record.outcome === 'success';

  // Counters: every series the group already had keeps counting, plus this run's increments.
  const counters = new Map<string, CounterSeries>();
  for (const [key, series] of previous.counters) counters.set(key, { ...series });
  const add = (name: string, labels: Record<string, string>, delta: number) => {
    const key = seriesKey(name, labels);
    const series = counters.get(key) ?? { name, labels, value: 0 };
    series.value += delta;
    counters.set(key, series);
  };
  for (const outcome of ['success', 'failure']) add(CoreMetric.Runs, { outcome }, outcome === record.outcome ? 1 : 0);
  for (const [counter, delta] of Object.entries(record.counters)) {
    const name = counterMetricName(record.action, counter);
    if (coreNames.has(name) || !Number.isFinite(delta) || delta < 0) continue;
    add(name, {}, delta);
  }

  // Durations: one series per phase name (a phase that ran twice is summed), plus the whole run.
  const durations = new Map<string, number>();
  for (const phase of record.phases) durations.set(phase.name, (durations.get(phase.name) ?? 0) + phase.durationMs / 1000);
  durations.set(TOTAL_PHASE, record.durationMs / 1000);

  const families: MetricFamily[] = [
    {
      name: CoreMetric.Runs,
      type: 'counter',
      help: 'Runs of the action in this repository and workflow, by outcome.',
      samples: [],
    },
    {
      name: CoreMetric.Duration,
      type: 'gauge',
      help: `Duration of each phase of the last run in seconds; phase="${TOTAL_PHASE}" is the whole run.`,
      samples: [...durations].map(([phase, seconds]) => ({ labels: { phase }, value: seconds })),
    },
    { name: CoreMetric.LastRun, type: 'gauge', help: 'Unix time the last run finished.', samples: [{ labels: {}, value: finishedAt }] },
    {
      name: CoreMetric.LastSuccess,
      type: 'gauge',
      help: 'Unix time the last successful run finished.',
      samples: ok || previous.lastSuccess !== undefined ? [{ labels: {}, value: ok ? finishedAt : previous.lastSuccess! }] : [],
    },
    {
      name: CoreMetric.ConsecutiveFailures,
      type: 'gauge',
      help: 'Failed runs in a row, up to and including the last run (0 after a success).',
      samples: [{ labels: {}, value: ok ? 0 : previous.consecutiveFailures + 1 }],
    },
    {
      name: CoreMetric.LastRunCount,
      type: 'gauge',
      help: 'Each counter of the last run, named by the counter label (the _total counters add them up over runs).',
      samples: Object.entries(record.counters)
        .filter(([, n]) => Number.isFinite(n) && n >= 0)
        .map(([counter, n]) => ({ labels: { counter }, value: n })),
    },
    {
      name: CoreMetric.Info,
      type: 'gauge',
      help: 'Always 1; the version label is the action version of the last run.',
      samples: [{ labels: { version: record.version }, value: 1 }],
    },
  ];
  const byName = new Map(families.map((f) => [f.name, f]));
  for (const series of [...counters.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    let family = byName.get(series.name);
    if (!family) {
      // HELP derives from the name alone, so every push of a metric describes it the same way.
      const prefix = `dataops_${metricNamePart(record.action)}_`;
      const counter = series.name.startsWith(prefix) ? series.name.slice(prefix.length).replace(/_total$/, '') : series.name;
      family = { name: series.name, type: 'counter', help: `The ${record.action} counter ${counter}, summed over runs (see docs/metrics.md).`, samples: [] };
      byName.set(series.name, family);
      families.push(family);
    }
    family.samples.push({ labels: series.labels, value: series.value });
  }
  return families;
}

/** Validates the `metrics-pushgateway-url` input: an http(s) base URL ('' = no push). */
export function parsePushgatewayUrl(input: string, value: string): string {
  const v = value.trim();
  if (v === '') return '';
  const accepted = 'an http(s) Pushgateway base URL such as http://pushgateway.example.com:9091';
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new InputError(input, redactUrl(v), accepted);
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname || parsed.search || parsed.hash) {
    throw new InputError(input, redactUrl(v), accepted);
  }
  if (/\/metrics(\/|$)/.test(parsed.pathname)) {
    throw new InputError(input, redactUrl(v), accepted, 'Give the base URL only: the /metrics/job/… path is added by the action.');
  }
  if (parsed.password) core.setSecret(decodeURIComponent(parsed.password));
  return v.replace(/\/+$/, '');
}

/** The URL without credentials, for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}

export interface PushOptions {
  attempts?: number;
  timeoutMs?: number;
}

export interface PushResult {
  pushed: boolean;
  url: string;
  body: string;
  error?: string;
}

/** Reads the group's counters, then replaces the group. Never throws; a failure is a warning. */
export async function pushMetrics(baseUrl: string, record: MetricsRecord, options: PushOptions = {}): Promise<PushResult> {
  const grouping = groupingLabels(record);
  const url = `${baseUrl.replace(/\/+$/, '')}/${groupingPath(PUSHGATEWAY_JOB, grouping)}`;
  const { attempts = 3, timeoutMs = 5_000 } = options;
  let body = '';
  try {
    let previous = EMPTY_GROUP;
    try {
      const res = await sendWithRetries({ method: 'GET', url: `${baseUrl.replace(/\/+$/, '')}/api/v1/metrics`, label: 'Pushgateway', attempts, timeoutMs });
      previous = parsePreviousGroup(res.body, grouping);
    } catch (err) {
      // An older or proxied Pushgateway without the query API still takes the push.
      if (!(err instanceof HttpSendError) || err.status >= 500 || err.status === 429) throw err;
      core.info(`Could not read this group's previous counters from the Pushgateway (${errorMessage(err)}); counters start from this run's values.`);
    }
    body = renderExposition(buildFamilies(record, previous));
    if (core.isDebug()) core.debug(`Pushgateway PUT ${redactUrl(url)}:\n${body}`);
    await sendWithRetries({ method: 'PUT', url, body, headers: { 'content-type': EXPOSITION_CONTENT_TYPE }, label: 'Pushgateway', attempts, timeoutMs });
    core.info(`Pushed metrics to the Pushgateway (${redactUrl(url)})`);
    return { pushed: true, url, body };
  } catch (err) {
    const message = errorMessage(err);
    core.warning(`Metrics were not pushed to the Pushgateway at ${redactUrl(baseUrl)}: ${message}. The step's result is not affected.`);
    return { pushed: false, url, body, error: message };
  }
}
