export const id = 180;
export const ids = [180];
export const modules = {

/***/ 94180:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exportTrace: () => (/* binding */ exportTrace)
/* harmony export */ });
/* unused harmony exports TRACER_NAME, parentContext, runAttributes, buildSpans */
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63914);
/* harmony import */ var _opentelemetry_exporter_trace_otlp_http__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86004);
/* harmony import */ var _opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(75647);
/* harmony import */ var _opentelemetry_sdk_trace_base__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19644);
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




const TRACER_NAME = 'dataops-actions';
/** Keeps every ended span so they go out in one export whose result we can check. */
class CollectingSpanProcessor {
    spans = [];
    onStart() { }
    onEnd(span) {
        this.spans.push(span);
    }
    forceFlush() {
        return Promise.resolve();
    }
    shutdown() {
        return Promise.resolve();
    }
}
/** A W3C `traceparent` handed down by the workflow (env TRACEPARENT) becomes the run span's parent. */
function parentContext(traceparent) {
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent?.trim() ?? '');
    if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2]))
        return _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.context.active();
    return _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.trace.setSpanContext(_opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.context.active(), {
        traceId: match[1],
        spanId: match[2],
        traceFlags: parseInt(match[3], 16) & _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.TraceFlags.SAMPLED,
        isRemote: true,
    });
}
function runAttributes(record, env = process.env) {
    const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
    const attributes = {
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
    if (record.repository && record.runId)
        attributes['cicd.pipeline.run.url.full'] = `${serverUrl}/${record.repository}/actions/runs/${record.runId}`;
    for (const [name, value] of Object.entries(record.counters))
        attributes[`dataops.counter.${name}`] = value;
    return attributes;
}
/** The spans of one run, ended with their recorded times (exported by the caller). */
function buildSpans(record, env = process.env) {
    const collector = new CollectingSpanProcessor();
    const provider = new _opentelemetry_sdk_trace_base__WEBPACK_IMPORTED_MODULE_1__/* .BasicTracerProvider */ .l({
        resource: (0,_opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__.resourceFromAttributes)({ 'service.name': env.OTEL_SERVICE_NAME || TRACER_NAME, 'service.version': record.version }),
        spanProcessors: [collector],
    });
    const tracer = provider.getTracer(TRACER_NAME, record.version);
    const start = Date.parse(record.startedAt);
    const root = tracer.startSpan(record.action, { kind: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.SpanKind.INTERNAL, startTime: start, attributes: runAttributes(record, env) }, parentContext(env.TRACEPARENT));
    const inRun = _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.trace.setSpan(_opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.context.active(), root);
    for (const phase of record.phases) {
        const phaseStart = Date.parse(phase.startedAt);
        const span = tracer.startSpan(phase.name, { startTime: phaseStart, attributes: { 'dataops.action': record.action, 'dataops.phase': phase.name } }, inRun);
        if (!phase.ok)
            span.setStatus({ code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.SpanStatusCode.ERROR, message: `phase ${phase.name} failed` });
        span.end(phaseStart + phase.durationMs);
    }
    root.setStatus(record.outcome === 'success' ? { code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.SpanStatusCode.OK } : { code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_0__.SpanStatusCode.ERROR, message: `${record.action} failed` });
    root.end(start + record.durationMs);
    return { spans: collector.spans, provider };
}
/** Builds and exports the run's spans. Resolves with the outcome; never rejects. */
async function exportTrace(record, env = process.env) {
    try {
        const { spans, provider } = buildSpans(record, env);
        if (spans.length === 0)
            return { exported: false, spans: 0, error: 'the trace was not sampled' };
        const exporter = new _opentelemetry_exporter_trace_otlp_http__WEBPACK_IMPORTED_MODULE_3__/* .OTLPTraceExporter */ .Q();
        const result = await new Promise((resolve) => exporter.export(spans, resolve));
        await Promise.allSettled([exporter.shutdown(), provider.shutdown()]);
        const traceId = spans[0].spanContext().traceId;
        // ExportResultCode.SUCCESS is 0 (the enum lives in @opentelemetry/core, which we do not import directly).
        if (result.code !== 0) {
            const status = typeof result.error?.code === 'number' ? `HTTP ${result.error.code} ` : '';
            return { exported: false, spans: spans.length, traceId, error: `${status}${result.error?.message ?? 'export failed'}` };
        }
        return { exported: true, spans: spans.length, traceId };
    }
    catch (err) {
        return { exported: false, spans: 0, error: err?.message ?? String(err) };
    }
}


/***/ })

};
