import type { ExportResult } from '@opentelemetry/core';
import type { OtlpJsonBatch } from './otlp-json.serializer';

/**
 * The package's `node-http` entry point (the SDK's own OTLP/HTTP exporters are built on it). Required by its
 * exported subpath, typed from its file: this repo resolves types the `node` (10) way, which ignores `exports`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeHttp = require('@opentelemetry/otlp-exporter-base/node-http') as NodeHttp;
type NodeHttp = typeof import('@opentelemetry/otlp-exporter-base/build/src/index-node-http');

/** The component type the SDK's own OTLP/HTTP span exporter reports in its self-observability metrics. */
const COMPONENT_TYPE = 'otlp_http_span_exporter';

/** What a collector may answer to an export: an OTLP `ExportTraceServiceResponse` (or nothing). */
interface ExportTraceResponse {
  partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
}

/**
 * The SDK's JSON serializer contract: the request body is the batch's, written as its spans ended. The response
 * side is the same few lines as `JsonTraceSerializer.deserializeResponse`, written here because requiring
 * `@opentelemetry/otlp-transformer` for them loads its protobuf code too (about 90 ms at start-up).
 */
const otlpJsonSerializer = {
  serializeRequest: (batch: OtlpJsonBatch): Uint8Array => batch.bytes(),
  deserializeResponse: (data: Uint8Array): ExportTraceResponse => {
    if (data.length === 0) return {};
    try {
      return JSON.parse(
        Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'),
      ) as ExportTraceResponse;
    } catch {
      return {};
    }
  },
};

/** Where and how {@link createOtlpJsonDelegate} sends. */
export interface OtlpJsonExporterOptions {
  /** OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces`. */
  url: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
}

/** Sends written batches: what {@link OtlpJsonSpanProcessor} exports through. */
export interface OtlpBatchSender {
  /** Sends `batch`; `done` is called once with the result (a failure too, never a throw). */
  export(batch: OtlpJsonBatch, done: (result: ExportResult) => void): void;
  /** Resolves once every export in flight has ended. */
  forceFlush(): Promise<void>;
  /** Waits for the exports in flight, then closes the connections. */
  shutdown(): Promise<void>;
}

/**
 * The SDK's OTLP/HTTP export delegate (what its `OTLPTraceExporter` is built on: a keep-alive agent, retries of
 * 429/502/503/504 with back-off, the export timeout, a bounded number of concurrent exports), sending batches
 * of OTLP JSON that {@link OtlpJsonBatch} wrote: the wire format is the SDK's JSON exporter's.
 * @example new OtlpJsonSpanProcessor(createOtlpJsonDelegate({ url, headers: {}, timeoutMs: 10_000 }), batchOptions)
 */
export function createOtlpJsonDelegate(options: OtlpJsonExporterOptions): OtlpBatchSender {
  return nodeHttp.createOtlpHttpExportDelegate(
    nodeHttp.convertLegacyHttpOptions(
      { url: options.url, headers: { ...options.headers }, timeoutMillis: options.timeoutMs },
      'TRACES',
      'v1/traces',
      { 'Content-Type': 'application/json' },
    ),
    otlpJsonSerializer,
    COMPONENT_TYPE,
    { name: 'span', countItems: (batch: OtlpJsonBatch) => batch.count },
    undefined,
  );
}
