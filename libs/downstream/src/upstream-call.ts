import type { Deadline, RequestContext } from '@bff/core';
import type { CallOptions, CallOutcome } from './downstream.options';
import type { CallCancellation } from './call-cancellation';
import { classify } from './call-failure';

/** HTTP methods an `UpstreamClient` sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Longest delay a Node timer supports; a larger budget is treated as no budget. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One upstream call on its way through the pipeline, as the client prepared it: what to send, in which
 * context, within which budget, and what has happened so far. Policies read it; only the fields documented as
 * writable are theirs to write.
 */
export class UpstreamCall {
  /** Attempts started so far (the attempt step counts them). */
  attempts = 0;
  /** Status of the latest answer, as soon as its headers arrived (also for an answer that then failed). */
  status?: number;
  /** `Retry-After` of the latest 5xx answer, when it sent one (read and cleared by the retry policy). */
  retryAfter?: string;
  /**
   * Written by a policy that answered without the upstream (`cache_hit`, `stale`): the outcome reported for the
   * call instead of `ok`/`client_error`.
   */
  outcome?: CallOutcome;
  /** True on a hedge's second attempt (written by the hedge policy; its span says so). */
  hedge = false;

  constructor(
    /** The upstream's configured name. */
    readonly upstream: string,
    readonly method: HttpMethod,
    /** The call's path without its query string (the metrics `route`). */
    readonly route: string,
    /** Base path, path and encoded query, as sent. */
    readonly target: string,
    /** The caller's options (query, headers, body, timeoutMs, signal). */
    readonly options: Readonly<CallOptions & { body?: unknown }>,
    /** The context the call was made in (undefined outside any request or job). */
    readonly ctx: RequestContext | undefined,
    /**
     * The call's whole budget: the context's deadline, narrowed by `timeoutMs`; undefined when nothing bounds
     * the call. Each attempt gets what remains of it.
     */
    readonly deadline: Deadline | undefined,
    /** True when `deadline` is the context's own (its cancellation fires then), false when `timeoutMs` binds. */
    readonly boundByContext: boolean,
    /** What can end the call early (context, caller signal, the deadline policy's timer). */
    readonly cancellation: CallCancellation,
    /** `Retry-After` (in seconds) for an unreachable upstream. */
    readonly retryAfterSec: number,
  ) {}

  /** The coded error an attempt that failed with `err` rejects with (see `classify`). */
  failed(err: unknown): unknown {
    return classify(this, err).error;
  }

  /** Milliseconds left for an attempt starting now (sent as `x-request-timeout-ms`); undefined when unbounded. */
  remainingMs(): number | undefined {
    const remaining = this.deadline?.remaining();
    return remaining === undefined || remaining >= MAX_TIMER_MS ? undefined : remaining;
  }
}
