/**
 * A local OTLP/HTTP trace receiver (the collector's :4318 endpoint, JSON encoding, which is what
 * @opentelemetry/exporter-trace-otlp-http sends). Records every span it receives, flattened with
 * its resource attributes, and can be told to fail the next requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startMs: number;
  endMs: number;
  status: { code?: number; message?: string };
  attributes: Record<string, string | number | boolean>;
  resource: Record<string, string | number | boolean>;
}

export interface FakeOtlp {
  /** Value for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  endpoint: string;
  spans: ReceivedSpan[];
  requests: Array<{ path: string; contentType: string; headers: http.IncomingHttpHeaders }>;
  /** Answer the next n trace requests with this status (and Retry-After, when given). */
  failNext(n: number, status: number, retryAfter?: string): void;
  close(): Promise<void>;
}

function plain(v: AnyValue): string | number | boolean {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return JSON.stringify(v);
}

const attrs = (list: Array<{ key: string; value: AnyValue }> = []) => Object.fromEntries(list.map((a) => [a.key, plain(a.value)]));
/** OTLP JSON ids are hex (the spec's JSON mapping); times are nanoseconds as strings. */
const nanosToMs = (n: string | number) => Number(BigInt(n) / 1000n) / 1000;

export async function startFakeOtlp(): Promise<FakeOtlp> {
  const spans: ReceivedSpan[] = [];
  const requests: FakeOtlp['requests'] = [];
  let failures: { n: number; status: number; retryAfter?: string } = { n: 0, status: 503 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), headers: req.headers });
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      if (failures.n > 0) {
        failures.n--;
        res
          .writeHead(failures.status, { 'content-type': 'application/json', ...(failures.retryAfter ? { 'retry-after': failures.retryAfter } : {}) })
          .end('{}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        const resource = attrs(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              startMs: nanosToMs(s.startTimeUnixNano),
              endMs: nanosToMs(s.endTimeUnixNano),
              status: s.status ?? {},
              attributes: attrs(s.attributes),
              resource,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    requests,
    failNext: (n, status, retryAfter) => (failures = { n, status, retryAfter }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
