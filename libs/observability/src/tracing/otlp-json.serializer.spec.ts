import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { OtlpJsonBatch } from './otlp-json.serializer';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const REMOTE_PARENT = 'b7ad6b7169203331';

/** A server span continuing a remote parent and a client span under it, with every kind of attribute value. */
function recordSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'mobile-bff', 'deployment.environment': 'prod "eu"' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@bff/observability', '1.2.3');
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: REMOTE_PARENT,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=a1,other=b2'),
  });
  const server = tracer.startSpan(
    'GET /v1/orders/:id',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/v1/orders/ü"\\\n\u0001',
        'http.response.status_code': 503,
        'bff.ratio': 0.25,
        'bff.nan': Number.NaN,
        'bff.cached': false,
        'bff.degraded': ['stock:BFF_ERR_DOWNSTREAM_TIMEOUT', 'thumb:BFF_ERR_CIRCUIT_OPEN'],
        'bff.counts': [1, 2],
      },
    },
    remote,
  );
  server.addEvent('retry', { attempt: 2 });
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream "orders" failed' });
  const client = tracer.startSpan(
    'GET orders',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'bff.upstream.attempt': 1, 'bff.upstream.hedge': true },
      links: [
        { context: { traceId: TRACE_ID, spanId: REMOTE_PARENT, traceFlags: 1 }, attributes: { why: 'x' } },
      ],
    },
    trace.setSpan(ROOT_CONTEXT, server),
  );
  client.end();
  server.end();
  return exporter.getFinishedSpans();
}

/** The SDK's JSON without what proto3 JSON may leave out (zero counts, empty lists, absent fields). */
function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0 && key !== 'attributes')) continue;
    if (/^dropped.*Count$/.test(key) && v === 0) continue;
    out[key] = withoutDefaults(v);
  }
  return out;
}

const parse = (bytes: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(bytes!).toString('utf8'));

/** The request body of `spans` (of one resource and scope), written span by span as the processor does. */
function write(spans: readonly ReadableSpan[]): Uint8Array {
  const batch = new OtlpJsonBatch(spans[0].resource, spans[0].instrumentationScope);
  for (const span of spans) batch.add(span);
  return batch.bytes();
}

describe('OtlpJsonBatch', () => {
  it("writes what the SDK's JSON serializer writes, the proto3 defaults aside", () => {
    const spans = recordSpans();
    const ours = withoutDefaults(parse(write(spans)));
    const sdk = withoutDefaults(parse(JsonTraceSerializer.serializeRequest(spans))) as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    // the SDK writes NaN as null (JSON.stringify); proto3 JSON spells it "NaN", as ours does
    for (const span of sdk.resourceSpans[0].scopeSpans[0].spans) {
      for (const kv of span.attributes as { key: string; value: Record<string, unknown> }[]) {
        if (kv.key === 'bff.nan') kv.value.doubleValue = 'NaN';
      }
    }
    expect(ours).toEqual(sdk);
  });

  it('carries the ids, parent ids, trace state, kinds, times and attributes of each span', () => {
    const spans = recordSpans();
    const body = parse(write(spans)) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue: string } }[] };
        scopeSpans: { scope: { name: string; version: string }; spans: Record<string, never>[] }[];
      }[];
    };
    expect(body.resourceSpans).toHaveLength(1);
    const [{ resource, scopeSpans }] = body.resourceSpans;
    expect(resource.attributes).toEqual(
      expect.arrayContaining([
        { key: 'service.name', value: { stringValue: 'mobile-bff' } },
        { key: 'deployment.environment', value: { stringValue: 'prod "eu"' } },
      ]),
    );
    expect(scopeSpans[0].scope).toEqual({ name: '@bff/observability', version: '1.2.3' });
    const [client, server] = scopeSpans[0].spans;
    const serverSpan = spans.find((s) => s.kind === SpanKind.SERVER)!;
    expect(server).toMatchObject({
      traceId: TRACE_ID,
      spanId: serverSpan.spanContext().spanId,
      parentSpanId: REMOTE_PARENT,
      traceState: 'vendor=a1,other=b2',
      name: 'GET /v1/orders/:id',
      kind: 2,
      flags: 0x301,
      status: { code: 2, message: 'upstream "orders" failed' },
      events: [{ name: 'retry', attributes: [{ key: 'attempt', value: { intValue: 2 } }] }],
    });
    expect(BigInt(server.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(server.startTimeUnixNano));
    expect(String(server.startTimeUnixNano)).toMatch(/^\d{19}$/);
    const attributes = Object.fromEntries(
      (server.attributes as { key: string; value: unknown }[]).map((kv) => [kv.key, kv.value]),
    );
    expect(attributes).toEqual({
      'http.request.method': { stringValue: 'GET' },
      'url.path': { stringValue: '/v1/orders/ü"\\\n\u0001' },
      'http.response.status_code': { intValue: 503 },
      'bff.ratio': { doubleValue: 0.25 },
      'bff.nan': { doubleValue: 'NaN' },
      'bff.cached': { boolValue: false },
      'bff.degraded': {
        arrayValue: {
          values: [
            { stringValue: 'stock:BFF_ERR_DOWNSTREAM_TIMEOUT' },
            { stringValue: 'thumb:BFF_ERR_CIRCUIT_OPEN' },
          ],
        },
      },
      'bff.counts': { arrayValue: { values: [{ intValue: 1 }, { intValue: 2 }] } },
    });
    expect(client).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: serverSpan.spanContext().spanId,
      kind: 3,
      flags: 0x101,
      status: { code: 0 },
      links: [
        {
          traceId: TRACE_ID,
          spanId: REMOTE_PARENT,
          attributes: [{ key: 'why', value: { stringValue: 'x' } }],
        },
      ],
    });
  });

  it('counts its spans, and an empty batch is a request with no span', () => {
    const spans = recordSpans();
    const batch = new OtlpJsonBatch(spans[0].resource, spans[0].instrumentationScope);
    expect(parse(batch.bytes())).toMatchObject({ resourceSpans: [{ scopeSpans: [{ spans: [] }] }] });
    for (const span of spans) batch.add(span);
    expect(batch.count).toBe(2);
    expect(parse(batch.bytes())).toEqual(parse(write(spans)));
  });

  it('grows past its first guess of the size for a long name', () => {
    const [span] = recordSpans();
    const long = { ...span, name: 'x'.repeat(5000), spanContext: () => span.spanContext() } as ReadableSpan;
    const body = parse(write([long])) as {
      resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[];
    };
    expect(body.resourceSpans[0].scopeSpans[0].spans[0].name).toHaveLength(5000);
  });

  it('grows past its guess when a span is not ASCII', () => {
    const [span] = recordSpans();
    const wide = { ...span, name: '€'.repeat(5000), spanContext: () => span.spanContext() } as ReadableSpan;
    const batch = new OtlpJsonBatch(span.resource, span.instrumentationScope);
    batch.add(wide);
    const body = parse(batch.bytes()) as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] };
    expect(body.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('€'.repeat(5000));
  });
});
