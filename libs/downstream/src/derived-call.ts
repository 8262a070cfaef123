import type { RequestContext } from '@bff/core';
import { CallCancellation } from './call-cancellation';
import type { CallFailure } from './call-failure';
import { UpstreamCall } from './upstream-call';

/**
 * A copy of `call` for a policy that runs attempts of its own (a hedge's second attempt, a call shared by
 * coalesced waiters): same upstream, method, target and options, in `ctx` (default the call's), with a
 * cancellation of its own, so ending it ends only its attempts. The caller's `signal` is left out: the policy
 * that made the copy decides what ends it.
 * @example const second = deriveCall(call); call.cancellation.bind(() => second.cancellation.fire(...));
 */
export function deriveCall(call: UpstreamCall, ctx: RequestContext | undefined = call.ctx): UpstreamCall {
  const sameContext = ctx === call.ctx;
  const options = call.options.signal ? { ...call.options, signal: undefined } : call.options;
  return new UpstreamCall(
    call.upstream,
    call.method,
    call.route,
    call.target,
    options,
    ctx,
    sameContext ? call.deadline : ctx?.deadline,
    sameContext ? call.boundByContext : ctx !== undefined,
    // In the same context the parent's cancellation reaches this copy through `follow`; listening to the
    // context twice would only cost a listener.
    new CallCancellation(sameContext ? undefined : ctx, undefined),
    call.retryAfterSec,
  );
}

/** Ends `child` whenever `parent` ends (deadline, client gone, caller signal, `timeoutMs`), with its failure. */
export function follow(parent: UpstreamCall, child: UpstreamCall): void {
  parent.cancellation.bind(function parentEnded() {
    const failure: CallFailure | undefined = parent.cancellation.failure();
    if (failure) child.cancellation.fire(failure);
  });
}

/** True for methods that never change the upstream's state (hedging, coalescing and caching need one). */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}
