import { BffError, childContext, type RequestContext } from '@bff/core';
import { UPSTREAM_DETAILS } from './upstream-failure';

/**
 * An optional part's own time budget passed before its upstream calls answered (see `optional(run, { budgetMs })`):
 * to the calls in it, a timeout of the upstream (`timeout` outcome, counted by its breaker), since the budget is
 * the app's statement of how long that upstream may take, not the client's deadline. A call shared by coalesced
 * callers that ends at its first caller's `timeoutMs` ends with one too (see {@link budgetExceeded}).
 * @example degraded: [{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' }]
 */
export class PartBudgetExceededError extends BffError {
  static override readonly code = 'BFF_ERR_DOWNSTREAM_TIMEOUT';
  static override readonly status = 504;
  static override readonly title = 'Upstream timed out';
}

/**
 * A {@link PartBudgetExceededError} for a budget the app set on an upstream call other than a part's (`what`, for
 * logs: e.g. a coalesced call's `timeoutMs`), so that ending a call shared by several callers at that budget
 * counts as the upstream timing out, as it would have for the caller's own call.
 * @example sharedCtx.cancellation.cancel(budgetExceeded("a call's timeoutMs of 500 ms"))
 */
export function budgetExceeded(what: string): PartBudgetExceededError {
  return new PartBudgetExceededError(UPSTREAM_DETAILS.timeout, { cause: `${what} passed` });
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
