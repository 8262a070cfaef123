import type { TraceContext } from './request-context';

/**
 * One upstream attempt about to be sent, as the downstream client describes it to whatever traces attempts
 * (`@bff/downstream`'s `AttemptTracer`, `@bff/observability`'s `Tracing`). A retry or a hedge is an attempt of
 * its own.
 * @example { trace: ctx.trace, upstream: 'users', method: 'GET', serverAddress: 'users', serverPort: 80,
 *   url: 'http://users/v1/users/u1', attempt: 1, hedge: false }
 */
export interface AttemptSpanStart {
  /** The trace of the context the call runs in: the attempt's span is a child of its span. */
  trace: TraceContext;
  /** The upstream's configured name. */
  upstream: string;
  method: string;
  /** The upstream's host name or address, and its port. */
  serverAddress: string;
  serverPort: number;
  /** Origin and path, without the query string. */
  url: string;
  /** 1 for the first attempt of a call, 2 for its first retry, ... */
  attempt: number;
  /** True for a hedge's second attempt. */
  hedge: boolean;
}

/** The span of one upstream attempt, as a tracer's `startAttempt` returns it. */
export interface AttemptSpan {
  /** The span's id, sent downstream as the parent in `traceparent` (16 lowercase hex characters). */
  readonly spanId: string;
  /** Trace flags sent downstream: `01` when the span is sampled, `00` otherwise. */
  readonly flags: string;
  /** Ends the span with the attempt's outcome (`ok`, `timeout`, `hedged`, ...) and the status it got, if any. */
  end(outcome: string, status: number | undefined): void;
}
