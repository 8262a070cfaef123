import {
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import type { AttemptSpan, AttemptSpanStart, TraceContext } from '@bff/core';
import type { FastifyRequest } from 'fastify';
import { createOtlpJsonDelegate } from './otlp-json.exporter';
import { OtlpJsonSpanProcessor } from './otlp-json.processor';
import type { SamplerName, ServerSpan, Tracing, TracingOptions } from './tracing.options';

/** The instrumentation scope of every span this framework records. */
const SCOPE = '@bff/observability';

/** Methods the HTTP semantic conventions name; any other is `_OTHER`. */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);

/** Attempt outcomes that are no failure of the upstream (the BFF ended the attempt itself). */
const NOT_AN_ERROR = new Set(['ok', 'hedged', 'aborted', 'cache_hit', 'stale']);

const propagator = new W3CTraceContextPropagator();

/** The sampler `OTEL_TRACES_SAMPLER` (and `_ARG`) names. */
export function createSampler({ name, ratio }: TracingOptions['sampler']): Sampler {
  const samplers: Record<SamplerName, () => Sampler> = {
    always_on: () => new AlwaysOnSampler(),
    always_off: () => new AlwaysOffSampler(),
    traceidratio: () => new TraceIdRatioBasedSampler(ratio),
    parentbased_always_on: () => new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    parentbased_always_off: () => new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    parentbased_traceidratio: () => new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
  };
  return samplers[name]();
}

/**
 * Tracing on the OpenTelemetry SDK: a `BasicTracerProvider` of its own (the global one is left alone, so
 * several apps can share a process in tests) with the configured sampler and resource, and
 * an `OtlpJsonSpanProcessor` exporting OTLP/HTTP JSON. No context manager is installed: parents are passed
 * explicitly, from the request context every layer already carries.
 */
export class OtelTracing implements Tracing {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;

  constructor(options: TracingOptions) {
    const sender = createOtlpJsonDelegate({
      url: options.url,
      headers: options.headers,
      timeoutMs: options.exportTimeoutMs,
    });
    this.provider = new BasicTracerProvider({
      sampler: createSampler(options.sampler),
      resource: defaultResource().merge(resourceFromAttributes({ ...options.resourceAttributes })),
      spanProcessors: [new OtlpJsonSpanProcessor(sender, options.batch)],
    });
    this.tracer = this.provider.getTracer(SCOPE);
  }

  startServer(request: FastifyRequest, into: TraceContext): ServerSpan {
    // most requests come without a trace: no context to extract then
    const parent =
      request.headers.traceparent === undefined
        ? ROOT_CONTEXT
        : propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url;
    const method = KNOWN_METHODS.has(request.method) ? request.method : '_OTHER';
    const span = this.tracer.startSpan(
      route === undefined ? method : `${method} ${route}`,
      { kind: SpanKind.SERVER },
      parent,
    );
    // attributes only for a span that records: the samplers `createSampler` makes decide without them
    if (span.isRecording()) span.setAttributes(serverAttributes(request, method, route));
    const context = span.spanContext();
    into.traceId = context.traceId;
    into.spanId = context.spanId;
    into.flags = flagsOf(context.traceFlags);
    const traceState = context.traceState?.serialize();
    if (traceState) into.traceState = traceState;
    else delete into.traceState;
    return new OtelServerSpan(span, (context.traceFlags & TraceFlags.SAMPLED) !== 0);
  }

  startAttempt(start: AttemptSpanStart): AttemptSpan {
    const { trace: parent } = start;
    const parentContext = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: parent.traceId,
      spanId: parent.spanId,
      traceFlags: parent.flags === '01' ? TraceFlags.SAMPLED : TraceFlags.NONE,
      ...(parent.traceState ? { traceState: new TraceState(parent.traceState) } : {}),
    });
    const span = this.tracer.startSpan(
      `${start.method} ${start.upstream}`,
      { kind: SpanKind.CLIENT },
      parentContext,
    );
    if (span.isRecording()) span.setAttributes(attemptAttributes(start));
    return new OtelAttemptSpan(span);
  }

  async shutdown(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([this.provider.shutdown().catch(() => undefined), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The HTTP semantic conventions' attributes of a server span, and ours, known when the request starts. */
function serverAttributes(request: FastifyRequest, method: string, route: string | undefined): Attributes {
  const query = request.url.indexOf('?');
  const attributes: Attributes = {
    'http.request.method': method,
    'url.path': query < 0 ? request.url : request.url.slice(0, query),
    'url.scheme': request.protocol,
    'network.protocol.version': request.raw.httpVersion,
    'client.address': request.ip,
    'bff.request.id': String(request.id),
  };
  if (route !== undefined) attributes['http.route'] = route;
  const userAgent = request.headers['user-agent'];
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  return attributes;
}

/** The attributes of an upstream attempt's span known when it starts. */
function attemptAttributes(start: AttemptSpanStart): Attributes {
  const attributes: Attributes = {
    'http.request.method': start.method,
    'server.address': start.serverAddress,
    'server.port': start.serverPort,
    'url.full': start.url,
    'peer.service': start.upstream,
    'bff.upstream.name': start.upstream,
    'bff.upstream.attempt': start.attempt,
  };
  if (start.attempt > 1) attributes['http.request.resend_count'] = start.attempt - 1;
  if (start.hedge) attributes['bff.upstream.hedge'] = true;
  return attributes;
}

function flagsOf(traceFlags: number): string {
  return (traceFlags & TraceFlags.SAMPLED) !== 0 ? '01' : '00';
}

/** A request's span: status and attributes of the answer, per the HTTP semantic conventions. */
class OtelServerSpan implements ServerSpan {
  private ended = false;

  constructor(
    private readonly span: Span,
    readonly sampled: boolean,
  ) {}

  end(request: FastifyRequest, status: number | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.span;
    if (!span.isRecording()) return span.end();
    const ctx = request.bffContext;
    const attributes: Attributes = {};
    if (status !== undefined) attributes['http.response.status_code'] = status;
    if (ctx !== null) {
      attributes['bff.upstream.calls'] = ctx.upstreamCalls;
      if (ctx.principal !== undefined) attributes['bff.principal.kind'] = ctx.principal.kind;
      if (ctx.degraded.length > 0)
        attributes['bff.degraded'] = ctx.degraded.map((d) => `${d.part}:${d.code}`);
      const operation = ctx.operation;
      if (operation !== undefined) {
        attributes['graphql.operation.type'] = operation.type;
        if (operation.name !== undefined) attributes['graphql.operation.name'] = operation.name;
      }
    }
    if (status === undefined) {
      attributes['error.type'] = 'aborted';
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client closed the connection' });
    } else if (status >= 500) {
      attributes['error.type'] = String(status);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.setAttributes(attributes);
    span.end();
  }
}

/** An upstream attempt's span: error status for failures and any 4xx/5xx answer, per the conventions. */
class OtelAttemptSpan implements AttemptSpan {
  readonly spanId: string;
  readonly flags: string;

  constructor(private readonly span: Span) {
    const context = span.spanContext();
    this.spanId = context.spanId;
    this.flags = flagsOf(context.traceFlags);
  }

  end(outcome: string, status: number | undefined): void {
    const span = this.span;
    if (span.isRecording()) {
      const attributes: Attributes = { 'bff.upstream.outcome': outcome };
      if (status !== undefined) attributes['http.response.status_code'] = status;
      if (status !== undefined && status >= 400) {
        attributes['error.type'] = String(status);
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else if (!NOT_AN_ERROR.has(outcome)) {
        attributes['error.type'] = outcome;
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.setAttributes(attributes);
    }
    span.end();
  }
}
