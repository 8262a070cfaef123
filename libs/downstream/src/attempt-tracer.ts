import type { TraceContext } from '@bff/core';
import type { CallOutcome } from './downstream.options';

/**
 * Records a span per upstream attempt (a retry or a hedge is an attempt of its own). `@bff/platform` passes
 * `@bff/observability`'s tracing when the app traces; without one, attempts only carry a fresh span id in
 * `traceparent`, as always.
 * @example createUpstreamClient('users', { baseUrl }, { tracer: tracing })
 */
export interface AttemptTracer {
  /** Starts the span of one attempt; its id becomes the parent in the `traceparent` sent with it. */
  startAttempt(attempt: {
    trace: TraceContext;
    upstream: string;
    method: string;
    serverAddress: string;
    serverPort: number;
    /** Origin and path, without the query string. */
    url: string;
    /** 1 for a call's first attempt, 2 for its first retry, ... */
    attempt: number;
    /** True for a hedge's second attempt. */
    hedge: boolean;
  }): TracedAttempt;
}

/** The span of one attempt. */
export interface TracedAttempt {
  /** Sent downstream as the parent span id. */
  readonly spanId: string;
  /** Sent downstream as the trace flags (`01` sampled). */
  readonly flags: string;
  /** Ends the span with the attempt's outcome and status. */
  end(outcome: CallOutcome, status: number | undefined): void;
}
