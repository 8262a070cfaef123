import type { UpstreamResponse } from './downstream.options';
import type { UpstreamCall } from './upstream-call';

/**
 * The rest of the pipeline after a policy: the next policies, then one attempt (headers built afresh, dispatch,
 * collect). Calling it again makes another attempt (a retry); calling it twice at once makes two (a hedge).
 * It rejects with a coded error (it never throws synchronously); `classify(call, err).outcome` says what it was.
 */
export type CallNext = (call: UpstreamCall) => Promise<UpstreamResponse<unknown>>;

/**
 * One job around an upstream call, composed in a list like cockatiel's `wrap(...)` or undici's `compose(...)`:
 * the deadline (built in, first), then a cache, coalescing, retry and hedging, then per attempt a breaker or a
 * bulkhead. A policy may answer by itself (set `call.outcome`, e.g. `cache_hit`), call `next(call)` once, several
 * times, or not at all (reject with a coded error whose class names its outcome, e.g. a `DownstreamError`
 * subclass with `static outcome = 'circuit_open'`).
 *
 * @example
 * // Retries an idempotent call once after an upstream failure, within the call's remaining budget.
 * const retryOnce: CallPolicy = {
 *   name: 'retry-once',
 *   async execute(call, next) {
 *     try {
 *       return await next(call);
 *     } catch (err) {
 *       const { outcome } = classify(call, err);
 *       if (call.method !== 'GET' || (outcome !== 'unavailable' && outcome !== 'timeout')) throw err;
 *       return next(call); // fresh span id, smaller x-request-timeout-ms
 *     }
 *   },
 * };
 * createUpstreamClient('users', { baseUrl, policies: [retryOnce] });
 */
export interface CallPolicy {
  /** Short, stable name (`deadline`, `retry`, `breaker`) for logs and metrics. */
  readonly name: string;
  /** Runs the call through this policy; `next` runs the rest of the pipeline. */
  execute(call: UpstreamCall, next: CallNext): Promise<UpstreamResponse<unknown>>;
}

/**
 * Composes `policies` (outermost first) around `terminal` into one {@link CallNext}, once per client: no closure
 * is made per call.
 * @example const run = composePolicies([deadlinePolicy, retryOnce], attempt); await run(call);
 */
export function composePolicies(policies: readonly CallPolicy[], terminal: CallNext): CallNext {
  let next = rejectingInsteadOfThrowing(terminal);
  for (let i = policies.length - 1; i >= 0; i--) {
    const policy = policies[i];
    const inner = next;
    next = rejectingInsteadOfThrowing(function runPolicy(call) {
      return policy.execute(call, inner);
    });
  }
  return next;
}

/**
 * `run`, with a synchronous throw turned into a rejection: a policy or an attempt written without `async` may
 * throw, and the policy outside it (a bulkhead giving its slot back in `then`) must still see it settle.
 */
function rejectingInsteadOfThrowing(run: CallNext): CallNext {
  return function settling(call) {
    try {
      return run(call);
    } catch (err) {
      return Promise.reject(err);
    }
  };
}
