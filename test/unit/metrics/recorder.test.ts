/**
 * The recorder every action uses: phases as log groups with a summary line (nested phases do not
 * nest groups, which the runner cannot show), counters, the outcome, the output and the JSON line,
 * and structured debug lines only when the runner's debug logging is on.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Metrics, finishMetrics, summaryLine, METRICS_FILE } from '#shared/metrics.js';
import { debug, formatFields, formatValue } from '#shared/debug-log.js';
import { invalidOtlpEndpoint, otlpConfigured, readExportSettings } from '#shared/metrics-export.js';
import { parseFileCommands } from '../../harness/workflow-commands.js';
import { captureStdout, type Captured } from '../../services/capture-stdout.js';

let out: Captured;
const savedEnv = { ...process.env };
beforeEach(() => {
  out = captureStdout();
});
afterEach(() => {
  out.restore();
  process.env = { ...savedEnv };
});

describe('Metrics', () => {
  test('a phase is a log group with a summary line, timed and recorded whether it succeeds or throws', async () => {
    const metrics = new Metrics('setup-terraform', 'v1');
    await expect(metrics.phase('download', async () => 42)).resolves.toBe(42);
    await expect(
      metrics.phase('verify', async () => {
        throw new Error('bad checksum');
      }),
    ).rejects.toThrow('bad checksum');
    const log = out.parsed();
    expect(log.groups).toEqual(['download', 'verify']);
    expect(log.rendered).toMatch(/✓ download \(\d+ ms\)/);
    expect(log.rendered).toMatch(/✗ verify \(\d+ ms\)/);
    expect(metrics.phases.map((p) => [p.name, p.ok])).toEqual([
      ['download', true],
      ['verify', false],
    ]);
    for (const p of metrics.phases) expect(Number.isNaN(Date.parse(p.startedAt))).toBe(false);
  });

  test('a phase inside a phase is recorded without opening a nested group', async () => {
    const metrics = new Metrics('deploy-with-rollback', 'v1');
    await metrics.phase('verify', async () => {
      await metrics.phase('health_probe', async () => undefined);
      await metrics.phase('health_probe', async () => undefined);
    });
    const text = out.text();
    expect(text.match(/::group::/g)).toHaveLength(1);
    expect(text.match(/::endgroup::/g)).toHaveLength(1);
    expect(text.indexOf('  ✓ health_probe')).toBeLessThan(text.indexOf('::endgroup::'));
    expect(metrics.phases.map((p) => p.name)).toEqual(['health_probe', 'health_probe', 'verify']);
    // A group opens again at the top level afterwards.
    await metrics.phase('report', async () => undefined);
    expect(out.parsed().groups).toEqual(['verify', 'report']);
  });

  test('counters add up; negative and non-finite increments are ignored', () => {
    const metrics = new Metrics('run-data-tests', 'v1');
    metrics.count('tests_failed');
    metrics.count('tests_failed', 2);
    metrics.count('rows_scanned', 1e6);
    metrics.count('rows_scanned', -5);
    metrics.count('rows_scanned', NaN);
    metrics.count('rows_scanned', Infinity);
    expect(metrics.counters).toEqual({ tests_failed: 3, rows_scanned: 1e6 });
  });

  test('the record carries the run context from the environment', () => {
    const metrics = new Metrics('plan-and-comment', 'v2');
    const record = metrics.record({
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKFLOW: 'W',
      GITHUB_JOB: 'j',
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_REF: 'refs/heads/x',
      GITHUB_SHA: 'abc',
    });
    expect(record).toMatchObject({
      action: 'plan-and-comment',
      version: 'v2',
      outcome: 'success',
      repository: 'o/r',
      workflow: 'W',
      job: 'j',
      runId: '1',
      runAttempt: '2',
      ref: 'refs/heads/x',
      sha: 'abc',
    });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('the version defaults to the ref the workflow used (uses: …@v1)', () => {
    process.env.GITHUB_ACTION_REF = 'v1.4.0';
    expect(new Metrics('x').version).toBe('v1.4.0');
    delete process.env.GITHUB_ACTION_REF;
    expect(new Metrics('x').version).toBe('dev');
  });
});

describe('finishMetrics', () => {
  test('writes the metrics output and appends one JSON line per run to RUNNER_TEMP', async () => {
    const temp = mkdtempSync(path.join(os.tmpdir(), 'metrics-unit-'));
    const outputFile = path.join(temp, 'output');
    writeFileSync(outputFile, '');
    process.env.RUNNER_TEMP = temp;
    process.env.GITHUB_OUTPUT = outputFile;
    process.env.GITHUB_REPOSITORY = 'o/r';
    const first = new Metrics('a', 'v1');
    await first.phase('p', async () => undefined);
    first.count('n', 3);
    const record = finishMetrics(first);
    const second = new Metrics('b', 'v1');
    second.outcome = 'failure';
    finishMetrics(second);

    const lines = readFileSync(path.join(temp, METRICS_FILE), 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0])).toEqual(JSON.parse(JSON.stringify(record)));
    expect(JSON.parse(lines[1])).toMatchObject({ action: 'b', outcome: 'failure', repository: 'o/r' });
    expect(JSON.parse(parseFileCommands(readFileSync(outputFile, 'utf8')).metrics)).toMatchObject({ action: 'b' });
    expect(out.parsed().rendered).toMatch(/^a: success in \d+ ms \(p \d+ ms\)$/m);
  });

  test('a metrics file that cannot be written is a warning, not a failure', () => {
    const temp = mkdtempSync(path.join(os.tmpdir(), 'metrics-unit-'));
    writeFileSync(path.join(temp, 'not-a-dir'), '');
    process.env.RUNNER_TEMP = path.join(temp, 'not-a-dir');
    delete process.env.GITHUB_OUTPUT;
    expect(() => finishMetrics(new Metrics('a', 'v1'))).not.toThrow();
    expect(out.warnings()[0]).toMatch(/^Could not write metrics: /);
  });

  test('summaryLine marks failed phases', () => {
    const line = summaryLine({
      ...new Metrics('x', 'v1').record({}),
      outcome: 'failure',
      durationMs: 61_000,
      phases: [{ name: 'plan', startedAt: '', durationMs: 1500, ok: false }],
    });
    expect(line).toBe('x: failure in 1 min 1 s (plan 1.5 s ✗)');
  });
});

describe('structured debug lines', () => {
  test('are emitted only when the runner has debug logging on (RUNNER_DEBUG=1)', async () => {
    delete process.env.RUNNER_DEBUG;
    const quiet = new Metrics('a', 'v1');
    await quiet.phase('p', async () => undefined);
    quiet.count('n');
    expect(out.parsed().debug).toEqual([]);

    process.env.RUNNER_DEBUG = '1';
    const loud = new Metrics('a', 'v1');
    await loud.phase('p', async () => undefined);
    loud.count('n', 2);
    const lines = out.parsed().debug;
    expect(lines[0]).toBe('phase.start action=a phase=p');
    expect(lines[1]).toMatch(/^phase\.end action=a phase=p ok=true duration_ms=\d+$/);
    expect(lines[2]).toBe('counter action=a counter=n delta=2 total=2');
  });

  test('fields given as a function are not computed when debug is off', () => {
    delete process.env.RUNNER_DEBUG;
    let computed = false;
    debug('x', () => {
      computed = true;
      return {};
    });
    expect(computed).toBe(false);
  });

  test('values are one logfmt token each, quoted when needed, never multi-line', () => {
    expect(formatFields('evt', { a: 'plain-value/1.2', b: 'two words', c: 'line\nbreak', d: 3, e: true, f: null, g: { x: 1 } })).toBe(
      'evt a=plain-value/1.2 b="two words" c="line\\nbreak" d=3 e=true f=null g="{\\"x\\":1}"',
    );
    expect(formatValue(undefined)).toBe('undefined');
  });
});

describe('export settings', () => {
  test.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
    [{}, false],
  ])('OTLP with %j: %s', (env, enabled) => {
    expect(otlpConfigured(env)).toBe(enabled);
  });

  test.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL ("collector:4318")'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ok:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not an http(s) URL ("not a url")',
    ],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://user:pw@collector:4317' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not an http(s) URL ("grpc://***@collector:4317")',
    ],
  ])('an OTLP endpoint the SDK would not use is reported: %j', (env, problem) => {
    expect(invalidOtlpEndpoint(env)).toBe(problem);
  });

  test('the Pushgateway URL is read from the metrics-pushgateway-url input and validated', () => {
    expect(readExportSettings((name) => (name === 'metrics-pushgateway-url' ? 'http://pgw:9091/' : ''), {})).toEqual({
      pushgatewayUrl: 'http://pgw:9091',
      otlp: false,
    });
    expect(() => readExportSettings(() => 'pgw:9091', {})).toThrow(/^Input 'metrics-pushgateway-url' has invalid value "pgw:9091"/);
  });
});
