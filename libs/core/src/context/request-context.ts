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
 * Everything one request carries through the layers, without request-scoped providers:
 * set up by core on request start, enriched by auth (principal), read by downstream (deadline, signal,
 * request id, trace) and by logging.
 */
export interface RequestContext {
  /** The client's well-formed `x-request-id`, else a generated one. */
  readonly requestId: string;
  readonly trace: TraceContext;
  /** The request's remaining time budget. */
  readonly deadline: Deadline;
  /**
   * Aborted when the client disconnects or the deadline expires; `signal.reason` says which. On contexts core
   * builds it is created on first read (see `cancellation`), so read it only to hand it to an API that needs one.
   */
  readonly signal: AbortSignal;
  /**
   * The same cancellation without an `AbortSignal` (cheaper listeners; see {@link CancelScope}). Set on
   * contexts core builds; a hand-built context may leave it out and rely on `signal` alone. Framework code goes
   * through `isCancelled`, `cancelReason` and `onCancelled`, which handle both.
   */
  readonly cancellation?: CancelScope;
  /**
   * The deadline at which `signal` (and `cancellation`) aborts itself with `DeadlineExceededError`, when a timer was set for it
   * (core's request hooks set one). Work bounded by this deadline then needs no timer of its own; a context
   * whose `deadline` is narrower, or a hand-built one without this field, still does.
   */
  readonly signalDeadline?: Deadline;
  /** Request-bound logger (carries the request id). */
  readonly log: ContextLogger;
  /** The verified caller; set by the auth guard. */
  principal?: Principal;
  /**
   * Every optional part that degraded during this request, in the order they failed (`aggregate()` records
   * them). Units of work inside the request share the request's list.
   */
  readonly degraded: DegradedPart[];
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
