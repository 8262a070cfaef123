import { ClientClosedRequestError, createDetachedContext, type RequestContext } from '@bff/core';
import { budgetExceeded, PartBudgetExceededError } from '../part-budget';
import type { CallNext, CallPolicy } from '../call-policy';
import { deriveCall } from '../derived-call';
import type { UpstreamResponse } from '../downstream.options';
import type { UpstreamCall } from '../upstream-call';
import { callKey } from '../call-key';

/** One call shared by its waiters. */
interface SharedCall {
  readonly ctx: RequestContext;
  readonly call: UpstreamCall;
  readonly promise: Promise<UpstreamResponse<unknown>>;
  waiters: number;
  settled: boolean;
}

/** What a coalescing policy has done since start. */
export interface CoalesceStats {
  /** GETs that made the shared call (the first of identical concurrent calls). */
  leaders: number;
  /** GETs answered by another's call instead of calling the upstream themselves. */
  joined: number;
}

/** A coalescing policy, with what it holds readable. */
export interface CoalescePolicy extends CallPolicy {
  /** Shared calls in flight now. */
  inFlight(): number;
  /** Leaders and joiners since start. */
  stats(): CoalesceStats;
}

/**
 * Request coalescing for GETs: identical concurrent calls to this upstream share one call. Identical means the
 * same path and query, the same caller headers except the per-call ones (request id, trace context, budget)
 * and the same verified identity (`ctx.principal`), so one user's answer never reaches another.
 *
 * The shared call runs in a detached context of its own (the first waiter's request id, trace, principal and
 * remaining budget), so no single waiter's cancellation ends it: a waiter whose client leaves, whose deadline
 * passes or whose signal fires rejects alone, and the shared call is cancelled only when its last waiter is
 * gone. Every waiter receives the same answer object: treat bodies as read-only.
 *
 * @example createUpstreamClient('catalog', { baseUrl, coalesce: true }) // or policies: [coalescePolicy()]
 */
export function coalescePolicy(): CoalescePolicy {
  const inFlight = new Map<string, SharedCall>();
  const stats: CoalesceStats = { leaders: 0, joined: 0 };

  function share(call: UpstreamCall, key: string, next: CallNext): SharedCall {
    const origin = call.ctx;
    const budgetMs = call.remainingMs();
    const ctx = createDetachedContext({
      budgetMs: budgetMs ?? Infinity,
      clock: call.deadline?.clock,
      principal: origin?.principal,
      requestId: origin?.requestId,
      trace: origin?.trace,
      log: origin?.log,
      // The shared call ends at its first caller's budget, and that end means what it would have meant for that
      // caller's own call: a part budget or a `timeoutMs` is the upstream timing out (its breaker counts it),
      // the request's deadline is not.
      deadlineReason: function sharedCallExpired() {
        if (!call.boundByContext)
          return budgetExceeded(`a call's timeoutMs of ${Math.ceil(budgetMs ?? 0)} ms`);
        return origin?.cancellation.expiryReason();
      },
    });
    const sharedCall = deriveCall(call, ctx);
    const shared: SharedCall = {
      ctx,
      call: sharedCall,
      waiters: 0,
      settled: false,
      promise: next(sharedCall).finally(function sharedCallSettled() {
        shared.settled = true;
        if (inFlight.get(key) === shared) inFlight.delete(key);
        sharedCall.cancellation.dispose();
        ctx.cancellation.dispose();
      }),
    };
    inFlight.set(key, shared);
    return shared;
  }

  function leave(key: string, shared: SharedCall, waiter: UpstreamCall, reason: unknown): void {
    if (--shared.waiters > 0 || shared.settled) return;
    if (inFlight.get(key) === shared) inFlight.delete(key);
    // The last waiter's own budget passed (a part budget or its `timeoutMs`): for the shared call too, the
    // upstream was too slow (a timeout its breaker counts); any other way of leaving (client gone, the request's
    // deadline, a caller's signal) says nothing about the upstream.
    shared.ctx.cancellation.cancel(
      reason instanceof PartBudgetExceededError
        ? reason
        : waiter.cancellation.failure()?.outcome === 'timeout'
          ? budgetExceeded("a waiter's timeoutMs")
          : new ClientClosedRequestError('Every caller of a shared call went away.'),
    );
  }

  return {
    name: 'coalesce',
    execute: function coalesceCall(call, next) {
      if (call.method !== 'GET') return next(call);
      const key = callKey(call);
      const found = inFlight.get(key);
      if (found === undefined) stats.leaders++;
      else stats.joined++;
      const shared = found ?? share(call, key, next);
      shared.waiters++;
      return new Promise((resolve, reject) => {
        let gone = false;
        call.cancellation.bind(function waiterCancelled(reason) {
          if (gone) return;
          gone = true;
          leave(key, shared, call, reason);
          reject(reason);
        });
        shared.promise.then(
          (response) => {
            if (gone) return;
            gone = true;
            shared.waiters--;
            call.status = shared.call.status;
            resolve(response);
          },
          (err: unknown) => {
            if (gone) return;
            gone = true;
            shared.waiters--;
            call.status = shared.call.status;
            reject(err);
          },
        );
      });
    },
    inFlight: () => inFlight.size,
    stats: () => ({ ...stats }),
  };
}
