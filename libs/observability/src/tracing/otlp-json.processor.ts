import { diag, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { systemClock, type Clock, type TimerHandle } from '@bff/core';
import type { OtlpBatchSender } from './otlp-json.exporter';
import { OtlpJsonBatch } from './otlp-json.serializer';
import type { TracingOptions } from './tracing.options';

type Resource = ReadableSpan['resource'];
type Scope = ReadableSpan['instrumentationScope'];

/**
 * The SDK's `BatchSpanProcessor` contract (`OTEL_BSP_*`: a batch goes out when it is full or `scheduledDelayMs`
 * after its first span, at most `maxQueueSize` spans wait, the rest are dropped, an export that has not ended
 * after `exportTimeoutMs` no longer counts), with one difference: a span is written as OTLP JSON when it ends
 * ({@link OtlpJsonBatch}) instead of kept as an object until its batch is serialized. The SDK's span objects
 * then die young: with the batch processor, each sampled span and the dozen objects it holds lived for about
 * a batch (hundreds of milliseconds at a few thousand requests a second), survived the young generation's
 * collections and were copied, then promoted, by each of them (libs/observability/README.md, "Tracing").
 * @example new OtlpJsonSpanProcessor(createOtlpJsonDelegate({ url, headers: {}, timeoutMs }), options.batch)
 */
export class OtlpJsonSpanProcessor implements SpanProcessor {
  /** The batch being written, per resource and scope (one of each in a BFF). */
  private readonly open = new Map<Resource, Map<Scope, OtlpJsonBatch>>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Spans written and not yet through their export: what `maxQueueSize` bounds. */
  private queued = 0;
  private dropped = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly sender: OtlpBatchSender,
    private readonly options: TracingOptions['batch'],
    private readonly clock: Clock = systemClock,
  ) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.stopped || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queued >= this.options.maxQueueSize) {
      if (this.dropped++ === 0) diag.warn('OtlpJsonSpanProcessor: queue full, dropping spans');
      return;
    }
    let scopes = this.open.get(span.resource);
    if (scopes === undefined) this.open.set(span.resource, (scopes = new Map()));
    let batch = scopes.get(span.instrumentationScope);
    if (batch === undefined) {
      batch = new OtlpJsonBatch(span.resource, span.instrumentationScope);
      scopes.set(span.instrumentationScope, batch);
    }
    batch.add(span);
    this.queued++;
    if (batch.count >= this.options.maxExportBatchSize) {
      scopes.delete(span.instrumentationScope);
      this.send(batch);
    } else {
      this.timer ??= this.clock.setTimeout(() => {
        this.timer = undefined;
        this.sendOpen();
      }, this.options.scheduledDelayMs);
    }
  }

  /** Sends every batch being written and resolves once every export in flight has ended. */
  async forceFlush(): Promise<void> {
    this.sendOpen();
    await this.sender.forceFlush();
    // an export the sender did not end counts until its timeout
    await Promise.all(this.inFlight);
  }

  /** Sends what is queued, then stops: spans ending later are not exported. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.forceFlush();
    await this.sender.shutdown();
  }

  private sendOpen(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    for (const scopes of this.open.values()) for (const batch of scopes.values()) this.send(batch);
    this.open.clear();
  }

  private send(batch: OtlpJsonBatch): void {
    const exported = new Promise<void>((resolve) => {
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        this.clock.clearTimeout(timeout);
        this.queued -= batch.count;
        resolve();
      };
      const timeout = this.clock.setTimeout(() => {
        diag.warn('OtlpJsonSpanProcessor: export timed out');
        end();
      }, this.options.exportTimeoutMs);
      this.sender.export(batch, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          diag.warn('OtlpJsonSpanProcessor: export failed', result.error);
        }
        end();
      });
    });
    this.inFlight.add(exported);
    void exported.then(() => this.inFlight.delete(exported));
  }
}
