import type { AttemptSpan, AttemptSpanStart, TraceContext } from '@bff/core';
import type { FastifyRequest } from 'fastify';

/** The samplers `OTEL_TRACES_SAMPLER` may name. */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/** How spans are sampled, batched and exported (what {@link readTracingEnv} reads). */
export interface TracingOptions {
  /** OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces`. */
  url: string;
  /** Headers of every export request (a vendor's API key); never logged. Default is none. */
  headers: Readonly<Record<string, string>>;
  /** Time (in milliseconds) one export request may take. */
  exportTimeoutMs: number;
  /** `service.name` of every span. */
  serviceName: string;
  /** Resource attributes of every span (`service.name` among them). */
  resourceAttributes: Readonly<Record<string, string>>;
  /** The sampler and, for the ratio samplers, the share of traces kept (0..1). */
  sampler: { name: SamplerName; ratio: number };
  /** The batch span processor: delay between exports, per-batch timeout, queue and batch sizes. */
  batch: {
    scheduledDelayMs: number;
    exportTimeoutMs: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
  };
}

/**
 * What records spans: a server span per request and a client span per upstream attempt. Only
 * {@link loadTracing} makes one (OpenTelemetry, loaded only then); an app without tracing has none at all.
 */
export interface Tracing {
  /**
   * Starts the server span of `request`, continuing its `traceparent`/`tracestate`, and writes the span's
   * trace id, span id and flags into `trace` (the request context's), so logs and upstream calls follow it.
   */
  startServer(request: FastifyRequest, trace: TraceContext): ServerSpan;
  /** Starts the client span of one upstream attempt. */
  startAttempt(start: AttemptSpanStart): AttemptSpan;
  /** Exports what is queued and stops exporting; resolves within `timeoutMs` whatever the collector does. */
  shutdown(timeoutMs: number): Promise<void>;
}

/** A request's server span. */
export interface ServerSpan {
  /** True when the span is sampled (exported): its trace id may be an exemplar. */
  readonly sampled: boolean;
  /** Ends the span with the answer's status, or as aborted (`undefined`) when the client left before it. Idempotent. */
  end(request: FastifyRequest, status: number | undefined): void;
}
