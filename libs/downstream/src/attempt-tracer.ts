import type { AttemptSpan, AttemptSpanStart } from '@bff/core';

/**
 * Records a span per upstream attempt (a retry or a hedge is an attempt of its own). `@bff/platform` passes
 * `@bff/observability`'s tracing when the app traces; without one, attempts only carry a fresh span id in
 * `traceparent`, as always.
 * @example createUpstreamClient('users', { baseUrl }, { tracer: tracing })
 */
export interface AttemptTracer {
  /**
   * Starts the span of one attempt; its id becomes the parent in the `traceparent` sent with it, and it is
   * ended with the attempt's `CallOutcome` and status.
   */
  startAttempt(attempt: AttemptSpanStart): AttemptSpan;
}
