import type { AttemptSpan } from '@bff/core';
import type { Dispatcher } from 'undici';
import type { AttemptTracer } from './attempt-tracer';
import { classify } from './call-failure';
import type { CallNext } from './call-policy';
import type { ResolvedUpstreamOptions, UpstreamResponse } from './downstream.options';
import { collectResponse } from './response-collector';
import { buildCallHeaders } from './upstream-headers';
import type { UpstreamCall } from './upstream-call';

/**
 * The last step of the pipeline: one attempt. Headers are built for this attempt (a new span id in
 * `traceparent`, what remains of the budget in `x-request-timeout-ms`, request id and verified identity), the
 * request is dispatched on `dispatcher` (a Pool, or anything composed onto one) and the answer collected by the
 * dispatch handler of `response-collector.ts`; a failure is rejected as the coded error `classify()` picks.
 * With a `tracer`, the attempt is a span of its own, whose id is the parent the upstream sees.
 * @example const attempt = createAttempt(pool, resolved, true); await attempt(call);
 */
export function createAttempt(
  dispatcher: Dispatcher,
  options: ResolvedUpstreamOptions,
  propagateIdentity: boolean,
  tracer?: AttemptTracer,
): CallNext {
  const { headersTimeoutMs, bodyTimeoutMs, maxResponseBytes } = options;
  const startSpan = tracer === undefined ? undefined : attemptSpans(tracer, options.origin);
  return function attempt(call: UpstreamCall) {
    call.attempts++;
    const { body } = call.options;
    const hasBody = body !== undefined;
    const span = startSpan === undefined ? undefined : startSpan(call);
    const sent = collectResponse(
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
          span,
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
    return span === undefined ? sent : endSpanWith(span, call, sent);
  };
}

/** Starts the span of a call's current attempt; none outside a context (no trace to belong to). */
function attemptSpans(
  tracer: AttemptTracer,
  origin: string,
): (call: UpstreamCall) => AttemptSpan | undefined {
  const { hostname, port, protocol } = new URL(origin);
  const serverPort = port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port);
  return function startAttemptSpan(call) {
    if (call.ctx === undefined) return undefined;
    const query = call.target.indexOf('?');
    return tracer.startAttempt({
      trace: call.ctx.trace,
      upstream: call.upstream,
      method: call.method,
      serverAddress: hostname,
      serverPort,
      url: origin + (query < 0 ? call.target : call.target.slice(0, query)),
      attempt: call.attempts,
      hedge: call.hedge,
    });
  };
}

/** Ends the attempt's span with what the attempt came to, then answers as the attempt did. */
function endSpanWith(
  span: AttemptSpan,
  call: UpstreamCall,
  sent: Promise<UpstreamResponse<unknown>>,
): Promise<UpstreamResponse<unknown>> {
  return sent.then(
    (response) => {
      span.end(response.status < 400 ? 'ok' : 'client_error', response.status);
      return response;
    },
    (err: unknown) => {
      span.end(classify(call, err).outcome, call.status);
      throw err;
    },
  );
}
