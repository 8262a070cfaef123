import type { Dispatcher } from 'undici';
import type { CallNext } from './call-policy';
import type { ResolvedUpstreamOptions } from './downstream.options';
import { collectResponse } from './response-collector';
import { buildCallHeaders } from './upstream-headers';
import type { UpstreamCall } from './upstream-call';

/**
 * The last step of the pipeline: one attempt. Headers are built for this attempt (a new span id in
 * `traceparent`, what remains of the budget in `x-request-timeout-ms`, request id and verified identity), the
 * request is dispatched on `dispatcher` (a Pool, or anything composed onto one) and the answer collected by the
 * dispatch handler of `response-collector.ts`; a failure is rejected as the coded error `classify()` picks.
 * @example const attempt = createAttempt(pool, resolved, true); await attempt(call);
 */
export function createAttempt(
  dispatcher: Dispatcher,
  options: ResolvedUpstreamOptions,
  propagateIdentity: boolean,
): CallNext {
  const { headersTimeoutMs, bodyTimeoutMs, maxResponseBytes } = options;
  return function attempt(call: UpstreamCall) {
    call.attempts++;
    const { body } = call.options;
    const hasBody = body !== undefined;
    return collectResponse(
      dispatcher,
      {
        method: call.method,
        path: call.target,
        headers: buildCallHeaders({
          ctx: call.ctx,
          callerHeaders: call.options.headers,
          budgetMs: call.remainingMs(),
          propagateIdentity,
          hasBody,
        }),
        body: hasBody ? JSON.stringify(body) : undefined,
        // Constant per upstream on purpose: undici re-arms a socket's timer in place while the delay stays the
        // same, but allocates a new one (kept until its ~1 s sweep, so promoted) whenever it changes. The
        // call's budget is enforced precisely by the context's cancellation or the deadline policy's timer.
        headersTimeout: headersTimeoutMs,
        bodyTimeout: bodyTimeoutMs,
      },
      call.cancellation,
      call.upstream,
      maxResponseBytes,
      call, // records the status and rejects with the coded error classify() picks (call.failed)
    );
  };
}
