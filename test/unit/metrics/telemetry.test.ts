/**
 * Spans built from a finished run: one per phase under the run's span, with the recorded times and
 * statuses, parented on a TRACEPARENT handed down by the workflow; exported to a local OTLP/HTTP
 * receiver by the real SDK exporter.
 */
import type { MetricsRecord } from '#shared/metrics.js';
import { buildSpans, exportTrace, parentContext } from '#shared/telemetry.js';
import { trace } from '@opentelemetry/api';
import { startFakeOtlp } from '../../fakes/otlp/server.js';

const record: MetricsRecord = {
  action: 'setup-terraform',
  version: 'v1',
  outcome: 'failure',
  startedAt: '2025-03-01T10:00:00.000Z',
  durationMs: 4000,
  phases: [
    { name: 'download', startedAt: '2025-03-01T10:00:00.500Z', durationMs: 2500, ok: true },
    { name: 'verify', startedAt: '2025-03-01T10:00:03.000Z', durationMs: 900, ok: false },
  ],
  counters: { retries: 2 },
  repository: 'octo-org/data-platform',
  workflow: 'CI',
  job: 'plan',
  runId: '77',
  runAttempt: '1',
  ref: 'refs/heads/main',
  sha: 'c'.repeat(40),
};

const hr = (ms: number) => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

test('a span for the run with a child span per phase, at the recorded times', () => {
  const { spans } = buildSpans(record, {});
  expect(spans.map((s) => s.name)).toEqual(['download', 'verify', 'setup-terraform']);
  const root = spans[2];
  for (const child of spans.slice(0, 2)) {
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(child.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
  }
  expect(root.parentSpanContext).toBeUndefined();
  expect(root.startTime).toEqual(hr(Date.parse('2025-03-01T10:00:00.000Z')));
  expect(root.endTime).toEqual(hr(Date.parse('2025-03-01T10:00:04.000Z')));
  expect(spans[0].startTime).toEqual(hr(Date.parse('2025-03-01T10:00:00.500Z')));
  expect(spans[0].endTime).toEqual(hr(Date.parse('2025-03-01T10:00:03.000Z')));
  expect(spans[0].status.code).toBe(0);
  expect(spans[1].status).toEqual({ code: 2, message: 'phase verify failed' });
  expect(root.status).toEqual({ code: 2, message: 'setup-terraform failed' });
  expect(root.attributes).toMatchObject({
    'cicd.pipeline.run.id': '77',
    'vcs.ref.head.revision': 'c'.repeat(40),
    'dataops.counter.retries': 2,
    'dataops.outcome': 'failure',
  });
  expect(root.resource.attributes['service.name']).toBe('dataops-actions');
});

test('TRACEPARENT makes the run a child of the workflow trace; malformed values are ignored', () => {
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const { spans } = buildSpans(record, { TRACEPARENT: traceparent });
  const root = spans.at(-1)!;
  expect(root.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  expect(root.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  for (const bad of ['', 'garbage', '00-00000000000000000000000000000000-b7ad6b7169203331-01', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01']) {
    expect(trace.getSpanContext(parentContext(bad))).toBeUndefined();
  }
});

test('a parent that was not sampled means nothing is recorded', () => {
  const { spans } = buildSpans(record, { TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' });
  expect(spans).toEqual([]);
});

test('exportTrace sends all spans in one OTLP/HTTP request and reports the outcome', async () => {
  const otlp = await startFakeOtlp();
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp.endpoint;
  try {
    const ok = await exportTrace(record, { ...process.env, OTEL_SERVICE_NAME: 'ci-traces' });
    expect(ok).toMatchObject({ exported: true, spans: 3 });
    expect(otlp.requests).toHaveLength(1);
    expect(otlp.spans.map((s) => [s.name, s.resource['service.name']])).toEqual([
      ['download', 'ci-traces'],
      ['verify', 'ci-traces'],
      ['setup-terraform', 'ci-traces'],
    ]);
    expect(otlp.spans[0].endMs - otlp.spans[0].startMs).toBe(2500);

    otlp.failNext(1, 401);
    const rejected = await exportTrace(record);
    expect(rejected).toMatchObject({ exported: false, spans: 3, error: 'HTTP 401 Unauthorized' });
  } finally {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await otlp.close();
  }
});
