/**
 * The Pushgateway exposition and grouping key, checked against an independent parser and against
 * the documented URL rules (`@base64` with the URL-safe alphabet, `=` for empty values).
 */
import fc from 'fast-check';
import type { MetricsRecord } from '#shared/metrics.js';
import {
  CoreMetric,
  EMPTY_GROUP,
  buildFamilies,
  counterMetricName,
  groupingPath,
  metricNamePart,
  parsePreviousGroup,
  parsePushgatewayUrl,
  redactUrl,
  renderExposition,
  seriesKey,
  type CounterSeries,
} from '#shared/pushgateway.js';
import { parseExposition, value } from '../../services/prometheus-text.js';

export function record(overrides: Partial<MetricsRecord> = {}): MetricsRecord {
  return {
    action: 'run-data-tests',
    version: 'v1',
    outcome: 'success',
    startedAt: '2025-03-01T10:00:00.000Z',
    durationMs: 12_500,
    phases: [
      { name: 'load', startedAt: '2025-03-01T10:00:00.100Z', durationMs: 1500, ok: true },
      { name: 'scan', startedAt: '2025-03-01T10:00:01.600Z', durationMs: 10_000, ok: true },
    ],
    counters: { tests_failed: 2, rows_scanned: 1000 },
    repository: 'octo-org/data-platform',
    workflow: 'CI',
    job: 'test',
    runId: '1',
    runAttempt: '1',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    ...overrides,
  };
}

/** Decodes a grouping path the way the Pushgateway does. */
function decodeGroupingPath(path: string): Record<string, string> {
  const parts = path.split('/');
  expect(parts[0]).toBe('metrics');
  const labels: Record<string, string> = {};
  for (let i = 1; i < parts.length; i += 2) {
    const [name, encoding] = parts[i].split('@');
    labels[name] =
      encoding === 'base64' ? (parts[i + 1] === '=' ? '' : Buffer.from(parts[i + 1], 'base64url').toString('utf8')) : decodeURIComponent(parts[i + 1]);
  }
  return labels;
}

describe('grouping key in the URL path', () => {
  test('plain values stay readable; values with "/" and empty values use @base64', () => {
    expect(groupingPath('dataops_actions', { repository: 'octo-org/data-platform', workflow: 'CI', action: 'setup-terraform' })).toBe(
      'metrics/job/dataops_actions/repository@base64/b2N0by1vcmcvZGF0YS1wbGF0Zm9ybQ/workflow/CI/action/setup-terraform',
    );
    expect(groupingPath('j', { workflow: '' })).toBe('metrics/job/j/workflow@base64/=');
    expect(groupingPath('j', { workflow: 'Nightly checks' })).toBe('metrics/job/j/workflow/Nightly%20checks');
  });

  test('any label values survive the round trip, and no segment contains a raw "/"', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (repository, workflow, action) => {
        const path = groupingPath('dataops_actions', { repository, workflow, action });
        expect(path.split('/')).toHaveLength(1 + 2 * 4);
        expect(decodeGroupingPath(path)).toEqual({ job: 'dataops_actions', repository, workflow, action });
      }),
    );
  });
});

describe('metric names', () => {
  test.each([
    ['run-data-tests', 'tests_failed', 'dataops_run_data_tests_tests_failed_total'],
    ['deploy-with-rollback', 'rollbacks', 'dataops_deploy_with_rollback_rollbacks_total'],
    ['setup-terraform', 'cache_hits_total', 'dataops_setup_terraform_cache_hits_total'],
    ['plan-and-comment', 'Resources Changed!', 'dataops_plan_and_comment_resources_changed_total'],
    ['x', '9lives', 'dataops_x__9lives_total'],
  ])('%s counter %s → %s', (action, counter, name) => {
    expect(counterMetricName(action, counter)).toBe(name);
    expect(name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
  });

  test('any input gives a valid name part', () => {
    fc.assert(fc.property(fc.string(), (s) => expect(`x_${metricNamePart(s)}`).toMatch(/^[a-z_][a-z0-9_]*$/)));
  });
});

describe('exposition text', () => {
  test('HELP and TYPE precede each family; label values and help are escaped', () => {
    const text = renderExposition([
      { name: 'm', help: 'a \\ b\nc', type: 'gauge', samples: [{ labels: { phase: 'say "hi"\\\n' }, value: 1.5 }] },
      { name: 'empty', help: 'h', type: 'counter', samples: [] },
      { name: 'n', help: 'h', type: 'counter', samples: [{ labels: {}, value: Infinity }] },
    ]);
    expect(text).toBe('# HELP m a \\\\ b\\nc\n# TYPE m gauge\nm{phase="say \\"hi\\"\\\\\\n"} 1.5\n# HELP n h\n# TYPE n counter\nn +Inf\n');
    expect(parseExposition(text).samples[0].labels.phase).toBe('say "hi"\\\n');
  });

  test('any phase names and counter values parse back to what was recorded (phase "total" is the whole run)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 5 }),
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), fc.nat()),
        (phaseNames, counters) => {
          const r = record({
            phases: phaseNames.map((name, i) => ({ name, startedAt: '2025-03-01T10:00:00.000Z', durationMs: 100 * (i + 1), ok: true })),
            counters,
          });
          const scrape = parseExposition(renderExposition(buildFamilies(r)));
          for (const [i, name] of phaseNames.entries()) {
            if (name === 'total') continue;
            expect(value(scrape, CoreMetric.Duration, { phase: name })).toBeCloseTo(0.1 * (i + 1), 9);
          }
          // Counter names that normalise to the same metric name are added together.
          const expected = new Map<string, number>();
          for (const [counter, n] of Object.entries(counters))
            expected.set(counterMetricName(r.action, counter), (expected.get(counterMetricName(r.action, counter)) ?? 0) + n);
          for (const [name, n] of expected) expect(value(scrape, name)).toBe(n);
        },
      ),
    );
  });
});

describe('families of one run', () => {
  test('first run of a group: runs by outcome, durations per phase and in total, gauges of the last run', () => {
    const scrape = parseExposition(renderExposition(buildFamilies(record())));
    expect(value(scrape, CoreMetric.Runs, { outcome: 'success' })).toBe(1);
    expect(value(scrape, CoreMetric.Runs, { outcome: 'failure' })).toBe(0);
    expect(value(scrape, CoreMetric.Duration, { phase: 'load' })).toBe(1.5);
    expect(value(scrape, CoreMetric.Duration, { phase: 'scan' })).toBe(10);
    expect(value(scrape, CoreMetric.Duration, { phase: 'total' })).toBe(12.5);
    const finished = Date.parse('2025-03-01T10:00:12.500Z') / 1000;
    expect(value(scrape, CoreMetric.LastRun)).toBe(finished);
    expect(value(scrape, CoreMetric.LastSuccess)).toBe(finished);
    expect(value(scrape, CoreMetric.ConsecutiveFailures)).toBe(0);
    expect(value(scrape, CoreMetric.Info, { version: 'v1' })).toBe(1);
    expect(value(scrape, 'dataops_run_data_tests_tests_failed_total')).toBe(2);
    expect(value(scrape, 'dataops_run_data_tests_rows_scanned_total')).toBe(1000);
    expect(value(scrape, CoreMetric.LastRunCount, { counter: 'tests_failed' })).toBe(2);
    expect(value(scrape, CoreMetric.LastRunCount, { counter: 'rows_scanned' })).toBe(1000);
    expect(scrape.types).toMatchObject({ [CoreMetric.Runs]: 'counter', [CoreMetric.Duration]: 'gauge', dataops_run_data_tests_tests_failed_total: 'counter' });
  });

  test('a phase that ran twice is one series with the summed duration (the Pushgateway rejects duplicates)', () => {
    const phases = [
      { name: 'probe', startedAt: '2025-03-01T10:00:00.000Z', durationMs: 250, ok: true },
      { name: 'probe', startedAt: '2025-03-01T10:00:01.000Z', durationMs: 750, ok: false },
    ];
    const scrape = parseExposition(renderExposition(buildFamilies(record({ phases }))));
    expect(value(scrape, CoreMetric.Duration, { phase: 'probe' })).toBe(1);
  });

  test('counters continue from the group, untouched counters are kept, a failure extends the streak', () => {
    const previous = {
      counters: new Map<string, CounterSeries>([
        [seriesKey(CoreMetric.Runs, { outcome: 'success' }), { name: CoreMetric.Runs, labels: { outcome: 'success' }, value: 7 }],
        [seriesKey(CoreMetric.Runs, { outcome: 'failure' }), { name: CoreMetric.Runs, labels: { outcome: 'failure' }, value: 3 }],
        [seriesKey('dataops_run_data_tests_tests_failed_total', {}), { name: 'dataops_run_data_tests_tests_failed_total', labels: {}, value: 10 }],
        [seriesKey('dataops_run_data_tests_retries_total', {}), { name: 'dataops_run_data_tests_retries_total', labels: {}, value: 4 }],
      ]),
      consecutiveFailures: 2,
      lastSuccess: 1_700_000_000,
    };
    const scrape = parseExposition(renderExposition(buildFamilies(record({ outcome: 'failure' }), previous)));
    expect(value(scrape, CoreMetric.Runs, { outcome: 'success' })).toBe(7);
    expect(value(scrape, CoreMetric.Runs, { outcome: 'failure' })).toBe(4);
    expect(value(scrape, 'dataops_run_data_tests_tests_failed_total')).toBe(12);
    expect(value(scrape, 'dataops_run_data_tests_retries_total')).toBe(4);
    // A carried counter is described exactly like a counted one.
    expect(scrape.help.dataops_run_data_tests_retries_total).toBe('The run-data-tests counter retries, summed over runs (see docs/metrics.md).');
    expect(scrape.help.dataops_run_data_tests_tests_failed_total).toBe('The run-data-tests counter tests_failed, summed over runs (see docs/metrics.md).');
    // The last-run gauges hold only this run's counters.
    expect(value(scrape, CoreMetric.LastRunCount, { counter: 'tests_failed' })).toBe(2);
    expect(scrape.samples.filter((s) => s.name === CoreMetric.LastRunCount && s.labels.counter === 'retries')).toEqual([]);
    expect(value(scrape, CoreMetric.ConsecutiveFailures)).toBe(3);
    expect(value(scrape, CoreMetric.LastSuccess)).toBe(1_700_000_000);
    // The previous map is not modified (a retried push must not count twice).
    expect(previous.counters.get(seriesKey(CoreMetric.Runs, { outcome: 'failure' }))!.value).toBe(3);
  });

  test('a first run that fails has no last-success series; negative or non-finite counters are left out', () => {
    const scrape = parseExposition(renderExposition(buildFamilies(record({ outcome: 'failure', counters: { bad: -1, worse: NaN, fine: 1 } }), EMPTY_GROUP)));
    expect(scrape.samples.filter((s) => s.name === CoreMetric.LastSuccess)).toEqual([]);
    expect(value(scrape, CoreMetric.ConsecutiveFailures)).toBe(1);
    expect(scrape.samples.map((s) => s.name)).not.toContain('dataops_run_data_tests_bad_total');
    expect(scrape.samples.map((s) => s.name)).not.toContain('dataops_run_data_tests_worse_total');
    expect(value(scrape, 'dataops_run_data_tests_fine_total')).toBe(1);
  });

  test('a counter whose name would collide with a core metric is not emitted', () => {
    const families = buildFamilies(record({ action: 'action', counters: { runs: 5 } }));
    expect(families.filter((f) => f.name === CoreMetric.Runs)).toHaveLength(1);
    expect(
      parseExposition(renderExposition(families))
        .samples.filter((s) => s.name === CoreMetric.Runs)
        .map((s) => s.value),
    ).toEqual([1, 0]);
  });
});

describe('reading the group back from /api/v1/metrics', () => {
  const grouping = { repository: 'octo-org/data-platform', workflow: 'CI', action: 'run-data-tests' };
  const labels = { job: 'dataops_actions', ...grouping };
  const family = (type: string, metrics: Array<{ labels: Record<string, string>; value: string }>) => ({
    time_stamp: '2025-03-01T10:00:00Z',
    type,
    help: 'h',
    metrics,
  });

  test('takes counters and the two carried gauges of exactly this group', () => {
    const json = JSON.stringify({
      status: 'success',
      data: [
        {
          labels: { ...labels, action: 'other' },
          dataops_action_runs_total: family('COUNTER', [{ labels: { ...labels, outcome: 'success', instance: '' }, value: '99' }]),
        },
        {
          labels: { ...labels, extra: 'x' },
          dataops_action_runs_total: family('COUNTER', [{ labels: { ...labels, outcome: 'success', instance: '' }, value: '98' }]),
        },
        {
          labels,
          last_push_successful: true,
          push_time_seconds: family('GAUGE', [{ labels, value: '1.7e9' }]),
          dataops_action_runs_total: family('COUNTER', [
            { labels: { ...labels, instance: '', outcome: 'success' }, value: '5' },
            { labels: { ...labels, instance: '', outcome: 'failure' }, value: '1' },
          ]),
          dataops_action_consecutive_failures: family('GAUGE', [{ labels: { ...labels, instance: '' }, value: '1' }]),
          dataops_action_last_success_timestamp_seconds: family('GAUGE', [{ labels: { ...labels, instance: '' }, value: '1.7e9' }]),
          dataops_action_duration_seconds: family('GAUGE', [{ labels: { ...labels, instance: '', phase: 'total' }, value: '3' }]),
        },
      ],
    });
    const previous = parsePreviousGroup(json, grouping);
    expect([...previous.counters.values()]).toEqual([
      { name: 'dataops_action_runs_total', labels: { outcome: 'success' }, value: 5 },
      { name: 'dataops_action_runs_total', labels: { outcome: 'failure' }, value: 1 },
    ]);
    expect(previous.consecutiveFailures).toBe(1);
    expect(previous.lastSuccess).toBe(1.7e9);
  });

  test.each([['not json'], ['{}'], ['{"data":[]}'], ['{"data":[{"labels":{}}]}']])('%s counts as an empty group', (json) => {
    expect(parsePreviousGroup(json, grouping)).toEqual({ counters: new Map(), consecutiveFailures: 0 });
  });
});

describe('the metrics-pushgateway-url input', () => {
  test.each([
    ['', ''],
    ['http://pushgateway:9091', 'http://pushgateway:9091'],
    ['https://metrics.example.com/pushgateway/', 'https://metrics.example.com/pushgateway'],
    [' http://127.0.0.1:9091// ', 'http://127.0.0.1:9091'],
  ])('%j is accepted as %j', (input, expected) => {
    expect(parsePushgatewayUrl('metrics-pushgateway-url', input)).toBe(expected);
  });

  test.each([['pushgateway:9091'], ['ftp://pushgateway:9091'], ['http://pushgateway:9091?x=1'], ['http://pushgateway:9091/metrics/job/foo'], ['not a url']])(
    '%j is rejected naming the input and what is accepted',
    (input) => {
      expect(() => parsePushgatewayUrl('metrics-pushgateway-url', input)).toThrow(
        /^Input 'metrics-pushgateway-url' has invalid value .*: expected an http\(s\) Pushgateway base URL/,
      );
    },
  );

  test('credentials never appear in messages', () => {
    expect(redactUrl('https://user:hunter2@pgw.example.com/x')).toBe('https://***@pgw.example.com/x');
    expect(() => parsePushgatewayUrl('metrics-pushgateway-url', 'https://user:hunter2@pgw.example.com/metrics/job/x')).toThrow(/^(?!.*hunter2)/);
  });
});
