import type { CallPolicy } from './call-policy';
import { callerAbortFailure, callTimeoutFailure, contextAbortFailure, deadlineFailure } from './call-failure';

/**
 * The built-in first policy of every upstream: the call's budget. A call whose context is already over (deadline
 * passed, client gone, caller's signal aborted) fails at once, without touching the network. A call whose
 * `timeoutMs` is shorter than the context's remaining deadline gets one precise timer for the whole call, all
 * attempts included (`DownstreamTimeoutError`); a call bounded by the context's deadline needs none, since the
 * context's cancellation fires then (`DeadlineExceededError`). undici's own timeouts stay constant per upstream
 * (a delay that changed per call would make undici allocate a socket timer each time) and are coarse (about half a
 * second of resolution), hence this timer.
 */
export const deadlinePolicy: CallPolicy = {
  name: 'deadline',
  execute: function enforceDeadline(call, next) {
    const { ctx, cancellation, deadline } = call;
    const signal = call.options.signal;
    const early = ctx?.cancellation.aborted
      ? contextAbortFailure(ctx)
      : ctx?.deadline.expired
        ? deadlineFailure()
        : signal?.aborted
          ? callerAbortFailure(signal)
          : undefined;
    if (early) {
      cancellation.fire(early);
      return Promise.reject(early.error);
    }
    if (deadline && !call.boundByContext) {
      const budget = call.remainingMs();
      if (budget !== undefined) {
        cancellation.arm(deadline.clock, budget, function timeoutFailure() {
          return callTimeoutFailure(call.upstream, Math.ceil(budget));
        });
      }
    }
    return next(call);
  },
};
