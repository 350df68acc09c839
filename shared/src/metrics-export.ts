/**
 * Where a run's metrics go besides the `metrics` output and file: a Prometheus Pushgateway (the
 * `metrics-pushgateway-url` input) and OpenTelemetry (the standard OTEL_EXPORTER_OTLP_* variables).
 * Both are optional and best-effort: a failure is a warning, never a failed step.
 */
import * as core from '@actions/core';
import { debug } from './debug-log.js';
import { errorMessage } from './errors.js';
import type { MetricsRecord } from './metrics.js';
import { parsePushgatewayUrl, pushMetrics, redactUrl } from './pushgateway.js';

export const PUSHGATEWAY_INPUT = 'metrics-pushgateway-url';

export interface ExportSettings {
  pushgatewayUrl: string;
  otlp: boolean;
}

/** OTLP traces are on when an endpoint is configured and the SDK is not switched off. */
export function otlpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || '').trim();
  const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true' || (env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase() === 'none';
  return endpoint !== '' && !disabled;
}

/** The variable that sets the traces endpoint (the traces-specific one wins, as in the SDK). */
function endpointVariable(env: NodeJS.ProcessEnv): string {
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
}

/** The configured endpoint without credentials, for messages (secrets belong in OTEL_EXPORTER_OTLP_HEADERS). */
function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return redactUrl((env[endpointVariable(env)] ?? '').trim());
}

/** The SDK quietly falls back to localhost for an endpoint it cannot parse: say so instead. */
export function invalidOtlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = endpointVariable(env);
  const value = (env[name] ?? '').trim();
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return undefined;
  } catch {
    // Reported below.
  }
  return `${name} is not an http(s) URL (${JSON.stringify(redactUrl(value))})`;
}

/** Read with the action's inputs, before any side effect: a malformed URL fails the step. */
export function readExportSettings(lookup: (name: string) => string = (name) => core.getInput(name), env: NodeJS.ProcessEnv = process.env): ExportSettings {
  return { pushgatewayUrl: parsePushgatewayUrl(PUSHGATEWAY_INPUT, lookup(PUSHGATEWAY_INPUT)), otlp: otlpConfigured(env) };
}

async function exportToOtlp(record: MetricsRecord): Promise<void> {
  const invalid = invalidOtlpEndpoint();
  if (invalid) {
    core.warning(`Traces were not exported over OTLP: ${invalid}. The step's result is not affected.`);
    return;
  }
  try {
    // Loaded only here: the SDK is the biggest part of the bundle and most runs do not need it.
    const { exportTrace } = await import('./telemetry.js');
    const result = await exportTrace(record);
    if (result.exported) core.info(`Exported ${result.spans} spans over OTLP (trace ${result.traceId})`);
    else if (result.spans === 0 && result.error === 'the trace was not sampled') debug('otlp.not_sampled', { action: record.action });
    else core.warning(`Traces were not exported over OTLP to ${otlpEndpoint()}: ${result.error}. The step's result is not affected.`);
  } catch (err) {
    core.warning(`Traces were not exported over OTLP to ${otlpEndpoint()}: ${errorMessage(err)}. The step's result is not affected.`);
  }
}

/** Sends the record to every configured exporter, side by side. Never throws. */
export async function exportMetrics(record: MetricsRecord, settings: ExportSettings | undefined): Promise<void> {
  if (!settings) return;
  const jobs: Promise<unknown>[] = [];
  if (settings.pushgatewayUrl) jobs.push(pushMetrics(settings.pushgatewayUrl, record));
  if (settings.otlp) jobs.push(exportToOtlp(record));
  await Promise.allSettled(jobs);
}
