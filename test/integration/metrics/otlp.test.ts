/**
 * OpenTelemetry from the action-template bundle: with the standard OTEL_EXPORTER_OTLP_ENDPOINT set,
 * the run arrives at an OTLP/HTTP receiver as a span with the run's attributes; a rejecting
 * collector is a warning; without the variable the SDK chunk is not even loaded.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runAction } from '../../harness/run-action.js';
import { repoRoot } from '../../harness/paths.js';
import { startFakeOtlp, type FakeOtlp } from '../../fakes/otlp/server.js';

let otlp: FakeOtlp;
beforeAll(async () => {
  otlp = await startFakeOtlp();
});
afterAll(async () => {
  await otlp.close();
});
beforeEach(() => {
  otlp.spans.length = 0;
  otlp.requests.length = 0;
});

describe('OTLP traces from a bundle', () => {
  test('the run is exported as a span carrying the run context, parented on TRACEPARENT', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const result = await runAction('action-template', {
      inputs: { who: 'ops' },
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_SERVICE_NAME: 'data-platform-ci', TRACEPARENT: `00-${traceId}-${parentId}-01` },
    });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(result.log).toContain(`Exported 1 spans over OTLP (trace ${traceId})`);
    expect(otlp.requests.map((r) => [r.path, r.contentType])).toEqual([['/v1/traces', 'application/json']]);
    expect(otlp.spans).toHaveLength(1);
    const [span] = otlp.spans;
    const record = JSON.parse(result.outputs.metrics);
    expect(span).toMatchObject({ name: 'action-template', traceId, parentSpanId: parentId, status: { code: 1 } });
    expect(span.resource).toMatchObject({ 'service.name': 'data-platform-ci', 'service.version': 'v1' });
    expect(span.attributes).toMatchObject({
      'cicd.pipeline.name': 'CI',
      'cicd.pipeline.run.id': '4242',
      'cicd.pipeline.run.url.full': 'https://github.com/octo-org/data-platform/actions/runs/4242',
      'vcs.repository.name': 'octo-org/data-platform',
      'dataops.action': 'action-template',
      'dataops.outcome': 'success',
      'dataops.counter.greetings': 1,
    });
    expect(span.startMs).toBeCloseTo(Date.parse(record.startedAt), 0);
    expect(span.endMs - span.startMs).toBeCloseTo(record.durationMs, 0);
  });

  test('a failed run is an ERROR span; a retryable 503 is retried by the SDK', async () => {
    otlp.failNext(1, 503, '0');
    const result = await runAction('action-template', { inputs: { who: 'ops', 'dry-run': 'perhaps' }, env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint } });
    expect(result.exitCode).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(otlp.requests).toHaveLength(2);
    expect(otlp.spans).toHaveLength(1);
    expect(otlp.spans[0]).toMatchObject({
      name: 'action-template',
      status: { code: 2, message: 'action-template failed' },
      attributes: { 'dataops.outcome': 'failure' },
    });
  });

  test('a collector that rejects the export is a warning; the step stays green', async () => {
    otlp.failNext(1, 400);
    const result = await runAction('action-template', { inputs: { who: 'ops' }, env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint } });
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toBe(`Traces were not exported over OTLP to ${otlp.endpoint}: HTTP 400 Bad Request. The step's result is not affected.`);
    expect(result.outputs.message).toBe('Hello, ops!');
  });

  test('an endpoint that is not an http(s) URL is a warning saying so (the SDK would quietly use localhost)', async () => {
    const result = await runAction('action-template', { inputs: { who: 'ops' }, env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint.replace('http://', '') } });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([
      `Traces were not exported over OTLP: OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL ("${otlp.endpoint.replace('http://', '')}"). The step's result is not affected.`,
    ]);
    expect(otlp.requests).toEqual([]);
  });

  test('OTEL_SDK_DISABLED=true and an unset endpoint send nothing', async () => {
    const disabled = await runAction('action-template', {
      inputs: { who: 'ops' },
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_SDK_DISABLED: 'true' },
    });
    const unset = await runAction('action-template', { inputs: { who: 'ops' } });
    for (const result of [disabled, unset]) {
      expect(result.exitCode).toBe(0);
      expect(result.log).not.toContain('OTLP');
    }
    expect(otlp.requests).toEqual([]);
  });

  test('the OpenTelemetry SDK lives in a chunk of its own, loaded only when traces are exported', () => {
    const dist = path.join(repoRoot, 'dist', 'action-template');
    const main = readFileSync(path.join(dist, 'index.js'), 'utf8');
    expect(main).not.toContain('OTLPTraceExporter');
    expect(main).not.toContain('BasicTracerProvider');
    expect(main).not.toContain('Copyright The OpenTelemetry Authors');
    // The chunks that hold the SDK are exactly the ones telemetry.js's import() asks for.
    const lazy = /Promise\.all\(\/\* import\(\) \*\/\[([^\]]+)\]\)/.exec(main);
    expect(lazy).not.toBeNull();
    const lazyIds = [...lazy![1].matchAll(/__nccwpck_require__\.e\((\d+)\)/g)].map((m) => m[1]).sort();
    const chunkText = (f: string) => readFileSync(path.join(dist, f), 'utf8');
    const sdkChunks = readdirSync(dist)
      .filter((f) => /^\d+\.index\.js$/.test(f) && /OTLPTraceExporter|BasicTracerProvider|resourceFromAttributes/.test(chunkText(f)))
      .map((f) => f.split('.')[0])
      .sort();
    expect(sdkChunks.length).toBeGreaterThan(0);
    for (const id of sdkChunks) expect(lazyIds).toContain(id);
  });
});
