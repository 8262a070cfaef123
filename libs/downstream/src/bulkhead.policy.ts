import type { CallNext, CallPolicy } from './call-policy';
import type { Bulkhead } from './bulkhead';
import type { UpstreamResponse } from './downstream.options';
import type { PerOperation } from './per-operation';
import { DownstreamOverloadedError, RESILIENCE_DETAILS } from './resilience.errors';
import type { UpstreamCall } from './upstream-call';

/**
 * Per attempt, innermost: holds a slot of the upstream's (or the operation's) {@link Bulkhead} while the attempt
 * runs, queueing briefly when all are taken; a full queue refuses the attempt at once with
 * `DownstreamOverloadedError` (503 + `Retry-After`). Hedged attempts take slots like any other.
 */
export class BulkheadPolicy implements CallPolicy {
  readonly name = 'bulkhead';

  constructor(private readonly bulkheads: PerOperation<Bulkhead>) {}

  /** Without `async`: one promise per attempt instead of two (each costs twice under AsyncLocalStorage's hooks). */
  execute(call: UpstreamCall, next: CallNext): Promise<UpstreamResponse<unknown>> {
    const bulkhead = this.bulkheads.for(call);
    if (bulkhead.tryEnter()) return holding(bulkhead, next(call));
    const queued = bulkhead.wait(call.cancellation);
    if (!queued) {
      return Promise.reject(
        new DownstreamOverloadedError(call.upstream, RESILIENCE_DETAILS.overloaded, {
          retryAfterSec: call.retryAfterSec,
          reason: `bulkhead ${bulkhead.name} full (${bulkhead.maxConcurrent} in flight, ${bulkhead.maxQueue} queued)`,
        }),
      );
    }
    return queued.then(() => holding(bulkhead, next(call)));
  }
}

/** Gives the slot back when the attempt settles (`next` never throws synchronously: see `composePolicies`). */
function holding<T>(bulkhead: Bulkhead, attempt: Promise<T>): Promise<T> {
  return attempt.then(
    function leaveAfterAnswer(response) {
      bulkhead.leave();
      return response;
    },
    function leaveAfterFailure(err: unknown): never {
      bulkhead.leave();
      throw err;
    },
  );
}
