/**
 * OpenTelemetry traces of a run: one span for the action, a child span per phase, exported over
 * OTLP/HTTP by the OpenTelemetry SDK when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific
 * variable) is set. The SDK reads the standard OTEL_* variables itself (headers, timeout, service
 * name) and retries retryable responses.
 *
 * Spans are built from the finished MetricsRecord with their recorded start and end times, so no
 * tracing code runs while the action works. This module is only ever loaded with a dynamic
 * import (see metrics-export.ts): actions without the variable never parse the SDK.
 */
import { SpanKind, SpanStatusCode, TraceFlags, context, trace, type Attributes, type Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { MetricsRecord } from './metrics.js';

export const TRACER_NAME = 'dataops-actions';

/** Keeps every ended span so they go out in one export whose result we can check. */
class CollectingSpanProcessor implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A W3C `traceparent` handed down by the workflow (env TRACEPARENT) becomes the run span's parent. */
export function parentContext(traceparent: string | undefined): Context {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent?.trim() ?? '');
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return context.active();
  return trace.setSpanContext(context.active(), {
    traceId: match[1],
    spanId: match[2],
    traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

export function runAttributes(record: MetricsRecord, env: NodeJS.ProcessEnv = process.env): Attributes {
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const attributes: Attributes = {
    'cicd.pipeline.name': record.workflow,
    'cicd.pipeline.run.id': record.runId,
    'cicd.pipeline.task.name': record.job,
    'vcs.repository.name': record.repository,
    'vcs.ref.head.name': record.ref,
    'vcs.ref.head.revision': record.sha,
    'dataops.action': record.action,
    'dataops.action.version': record.version,
    'dataops.outcome': record.outcome,
    'dataops.run_attempt': record.runAttempt,
  };
  if (record.repository && record.runId) attributes['cicd.pipeline.run.url.full'] = `${serverUrl}/${record.repository}/actions/runs/${record.runId}`;
  for (const [name, value] of Object.entries(record.counters)) attributes[`dataops.counter.${name}`] = value;
  return attributes;
}

/** The spans of one run, ended with their recorded times (exported by the caller). */
export function buildSpans(record: MetricsRecord, env: NodeJS.ProcessEnv = process.env): { spans: ReadableSpan[]; provider: BasicTracerProvider } {
  const collector = new CollectingSpanProcessor();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || TRACER_NAME, 'service.version': record.version }),
    spanProcessors: [collector],
  });
  const tracer = provider.getTracer(TRACER_NAME, record.version);
  const start = Date.parse(record.startedAt);
  const root = tracer.startSpan(
    record.action,
    { kind: SpanKind.INTERNAL, startTime: start, attributes: runAttributes(record, env) },
    parentContext(env.TRACEPARENT),
  );
  const inRun = trace.setSpan(context.active(), root);
  for (const phase of record.phases) {
    const phaseStart = Date.parse(phase.startedAt);
    const span = tracer.startSpan(phase.name, { startTime: phaseStart, attributes: { 'dataops.action': record.action, 'dataops.phase': phase.name } }, inRun);
    if (!phase.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: `phase ${phase.name} failed` });
    span.end(phaseStart + phase.durationMs);
  }
  root.setStatus(record.outcome === 'success' ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: `${record.action} failed` });
  root.end(start + record.durationMs);
  return { spans: collector.spans, provider };
}

export interface TraceResult {
  exported: boolean;
  spans: number;
  traceId?: string;
  error?: string;
}

/** Builds and exports the run's spans. Resolves with the outcome; never rejects. */
export async function exportTrace(record: MetricsRecord, env: NodeJS.ProcessEnv = process.env): Promise<TraceResult> {
  try {
    const { spans, provider } = buildSpans(record, env);
    if (spans.length === 0) return { exported: false, spans: 0, error: 'the trace was not sampled' };
    const exporter = new OTLPTraceExporter();
    const result = await new Promise<{ code: number; error?: Error & { code?: number } }>((resolve) => exporter.export(spans, resolve));
    await Promise.allSettled([exporter.shutdown(), provider.shutdown()]);
    const traceId = spans[0].spanContext().traceId;
    // ExportResultCode.SUCCESS is 0 (the enum lives in @opentelemetry/core, which we do not import directly).
    if (result.code !== 0) {
      const status = typeof result.error?.code === 'number' ? `HTTP ${result.error.code} ` : '';
      return { exported: false, spans: spans.length, traceId, error: `${status}${result.error?.message ?? 'export failed'}` };
    }
    return { exported: true, spans: spans.length, traceId };
  } catch (err) {
    return { exported: false, spans: 0, error: (err as Error)?.message ?? String(err) };
  }
}
