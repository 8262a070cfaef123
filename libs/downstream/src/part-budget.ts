import { BffError, childContext, type RequestContext } from '@bff/core';
import { UPSTREAM_DETAILS } from './upstream-failure';

/**
 * An optional part's own time budget passed before its upstream calls answered (see `optional(run, { budgetMs })`):
 * to the calls in it, a timeout of the upstream (`timeout` outcome, counted by its breaker), since the budget is
 * the app's statement of how long that upstream may take, not the client's deadline.
 * @example degraded: [{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' }]
 */
export class PartBudgetExceededError extends BffError {
  static override readonly code = 'BFF_ERR_DOWNSTREAM_TIMEOUT';
  static override readonly status = 504;
  static override readonly title = 'Upstream timed out';
}

/**
 * The context of a part with its own budget: a child of `parent` cancelled with a {@link PartBudgetExceededError}
 * after `budgetMs`, or undefined when the parent's deadline comes first anyway (then it is the parent's deadline
 * that binds, and a deadline is never the upstream's fault).
 */
export function partBudgetContext(
  parent: RequestContext,
  part: string,
  budgetMs: number,
): RequestContext | undefined {
  if (parent.deadline.remaining() <= budgetMs) return undefined;
  return childContext(parent, {
    budgetMs,
    deadlineReason: function partBudgetExceeded() {
      return new PartBudgetExceededError(UPSTREAM_DETAILS.timeout, {
        cause: `part "${part}" took longer than its budget of ${budgetMs} ms`,
      });
    },
  });
}
