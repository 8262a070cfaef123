import { AsyncLocalStorage } from 'node:async_hooks';
import type { CancelScope } from './cancel-scope';
import type { Deadline } from './deadline';
import type { Principal } from './principal';

/** W3C trace context of the inbound request. @see https://www.w3.org/TR/trace-context/ */
export interface TraceContext {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** Span id of this BFF's server span (16 lowercase hex characters). */
  spanId: string;
  /** Trace flags, two hex characters (`01` = sampled). */
  flags: string;
  /** Raw `tracestate` to forward, if any. */
  traceState?: string;
}

/**
 * One optional part that failed and was left out of (or served stale in) an answer. REST answers list them as
 * `degraded: [...]`, GraphQL answers as `extensions.degraded`.
 */
export interface DegradedPart {
  /** The part's name, e.g. `stock`. */
  part: string;
  /** The failure's catalog code, e.g. `BFF_ERR_DOWNSTREAM_TIMEOUT`. */
  code: string;
  /** True when a stale copy was served instead of nothing. */
  stale?: boolean;
}

/** Minimal structured logger shape (pino's). */
export interface ContextLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/**
 * Everything one request (or a unit of work inside it, or a detached job) carries through the layers, without
 * request-scoped providers: set up by core on request start, enriched by auth (principal), read by downstream
 * (deadline, cancellation, request id, trace) and by logging.
 *
 * Contexts compose: a part's or a job's context wraps its parent (`childContext()`) and only brings a
 * cancellation scope of its own; everything else is the parent's. Work outside any request gets one from
 * `createDetachedContext()`.
 */
export interface RequestContext {
  /** The client's well-formed `x-request-id`, else a generated one. */
  readonly requestId: string;
  readonly trace: TraceContext;
  /**
   * Ends this context's work: cancelled at its deadline (with `DeadlineExceededError`), when the client
   * disconnects (`ClientClosedRequestError`), or for a child context when its parent is or when its owner
   * cancels it (a failed required sibling). Listen with `cancellation.onCancel(...)`: an array slot, no
   * `AbortSignal`.
   */
  readonly cancellation: CancelScope;
  /** The remaining time budget: always `cancellation.deadline`. */
  readonly deadline: Deadline;
  /**
   * `cancellation` as an `AbortSignal`, created on first read: read it only to hand it to an API that needs one
   * (`fetch`), since an `AbortController` is the costly part of cancellation.
   */
  readonly signal: AbortSignal;
  /** Request-bound logger (carries the request id). */
  readonly log: ContextLogger;
  /**
   * The inbound request's headers (lower-cased names, spoofable identity headers already stripped), for what
   * routes by a request header (an upstream's canary rule); undefined outside an HTTP request.
   */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** The verified caller; set by the auth guard (on a child context, it sets the parent's). */
  principal?: Principal;
  /**
   * Every optional part that degraded during this request, in the order they failed (`aggregate()` records
   * them). Child contexts share the parent's list.
   */
  readonly degraded: DegradedPart[];
  /**
   * Upstream calls made for this request so far, its child contexts' included (the platform counts them from
   * the downstream client's `onCall`); written in the access log.
   */
  upstreamCalls: number;
  /**
   * `Server-Timing` entries of this request's upstream calls, collected only when the answer will carry them
   * (a `bff:debug` principal, or every request in the demo stack); undefined otherwise.
   */
  serverTiming?: string[];
  /**
   * The GraphQL operation this request runs, with its estimated cost, once the GraphQL limits accepted it
   * (before execution); for a batch, `cost` is the sum over its operations. Rate limiting charges it.
   */
  operation?: { name?: string; type: 'query' | 'mutation' | 'subscription'; cost: number };
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Access to the current request's context from anywhere below the HTTP layer.
 * @example
 * const ctx = RequestContextStore.current(); // undefined outside a request
 */
export const RequestContextStore = {
  /** The current request's context, or undefined outside a request. */
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Runs `fn` with `ctx` as the current context. */
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
};
