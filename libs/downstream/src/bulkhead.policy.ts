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

  async execute(call: UpstreamCall, next: CallNext): Promise<UpstreamResponse<unknown>> {
    const bulkhead = this.bulkheads.for(call);
    if (!bulkhead.tryEnter()) {
      const queued = bulkhead.wait(call.cancellation);
      if (!queued) {
        throw new DownstreamOverloadedError(call.upstream, RESILIENCE_DETAILS.overloaded, {
          retryAfterSec: call.retryAfterSec,
          reason: `bulkhead ${bulkhead.name} full (${bulkhead.maxConcurrent} in flight, ${bulkhead.maxQueue} queued)`,
        });
      }
      await queued;
    }
    try {
      return await next(call);
    } finally {
      bulkhead.leave();
    }
  }
}
