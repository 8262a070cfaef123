import { ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { FakeClock } from '@bff/core';
import type { OtlpBatchSender } from './otlp-json.exporter';
import { OtlpJsonSpanProcessor } from './otlp-json.processor';
import type { OtlpJsonBatch } from './otlp-json.serializer';

interface Body {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue: string } }[] };
    scopeSpans: { scope: { name: string }; spans: { name: string; traceId: string }[] }[];
  }[];
}

/** A sender that records each body and leaves the export open until the test ends it. */
class RecordingSender implements OtlpBatchSender {
  readonly bodies: Body[] = [];
  readonly pending: ((result: ExportResult) => void)[] = [];
  shutDown = false;

  export(batch: OtlpJsonBatch, done: (result: ExportResult) => void): void {
    this.bodies.push(JSON.parse(Buffer.from(batch.bytes()).toString('utf8')) as Body);
    this.pending.push(done);
  }
  endAll(code = ExportResultCode.SUCCESS): void {
    for (const done of this.pending.splice(0)) done({ code });
  }
  forceFlush(): Promise<void> {
    this.endAll();
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    this.shutDown = true;
    return Promise.resolve();
  }
}

const BATCH = { scheduledDelayMs: 1000, exportTimeoutMs: 5000, maxQueueSize: 4, maxExportBatchSize: 2 };

function setUp(batch = BATCH, sampler?: AlwaysOffSampler) {
  const clock = new FakeClock();
  const sender = new RecordingSender();
  const processor = new OtlpJsonSpanProcessor(sender, batch, clock);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'mobile-bff' }),
    spanProcessors: [processor],
    ...(sampler ? { sampler } : {}),
  });
  const tracer = provider.getTracer('@bff/observability');
  return { clock, sender, processor, tracer };
}

const names = (body: Body) => body.resourceSpans[0].scopeSpans[0].spans.map((s) => s.name);
const record = (tracer: Tracer, name: string) => tracer.startSpan(name, { kind: SpanKind.SERVER }).end();

describe('OtlpJsonSpanProcessor', () => {
  it('exports a batch as soon as it is full, as one OTLP JSON body of its resource and scope', () => {
    const { sender, tracer } = setUp();
    record(tracer, 'GET /a');
    expect(sender.bodies).toHaveLength(0);
    record(tracer, 'GET /b');
    expect(sender.bodies).toHaveLength(1);
    const [body] = sender.bodies;
    expect(names(body)).toEqual(['GET /a', 'GET /b']);
    expect(body.resourceSpans[0].resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'mobile-bff' },
    });
    expect(body.resourceSpans[0].scopeSpans[0].scope.name).toBe('@bff/observability');
  });

  it('exports a batch that is not full once the scheduled delay after its first span has passed', () => {
    const { clock, sender, tracer } = setUp();
    record(tracer, 'GET /a');
    clock.advance(999);
    expect(sender.bodies).toHaveLength(0);
    clock.advance(1);
    expect(sender.bodies.map(names)).toEqual([['GET /a']]);
    expect(clock.pendingTimers).toBe(1); // the export's timeout, until the export ends
    sender.endAll();
  });

  it('drops spans while the queue is full, and takes them again once an export has ended', async () => {
    const { sender, tracer } = setUp();
    for (const name of ['1', '2', '3', '4', 'dropped']) record(tracer, name);
    expect(sender.bodies.map(names)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    sender.endAll();
    await Promise.resolve();
    record(tracer, '5');
    record(tracer, '6');
    expect(sender.bodies.map(names)[2]).toEqual(['5', '6']);
  });

  it('no longer counts an export that has not ended after its timeout', () => {
    const { clock, sender, tracer } = setUp();
    for (const name of ['1', '2', '3', '4']) record(tracer, name);
    clock.advance(BATCH.exportTimeoutMs);
    record(tracer, '5');
    record(tracer, '6');
    expect(sender.bodies).toHaveLength(3);
  });

  it('ignores spans that are not sampled', () => {
    const { clock, sender, tracer } = setUp(BATCH, new AlwaysOffSampler());
    const span = tracer.startSpan('GET /a');
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(0);
    span.end();
    clock.advance(BATCH.scheduledDelayMs);
    expect(sender.bodies).toHaveLength(0);
  });

  it('sends what it holds on forceFlush and on shutdown, and records nothing after shutdown', async () => {
    const { clock, sender, processor, tracer } = setUp({ ...BATCH, maxExportBatchSize: 10 });
    record(tracer, 'GET /a');
    await processor.forceFlush();
    expect(sender.bodies.map(names)).toEqual([['GET /a']]);
    const parent = tracer.startSpan('GET /b');
    tracer.startSpan('GET users', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, parent)).end();
    parent.end();
    await processor.shutdown();
    expect(sender.bodies.map(names)[1]).toEqual(['GET users', 'GET /b']);
    expect(sender.shutDown).toBe(true);
    record(tracer, 'GET /late');
    clock.advance(BATCH.scheduledDelayMs);
    expect(sender.bodies).toHaveLength(2);
  });
});
