import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { UpstreamResponse } from './downstream.options';
import { badGateway, FAILURE_STATUSES, UPSTREAM_DETAILS } from './upstream-failure';

const JSON_TYPE = /json/i;

/**
 * Sends one request through `dispatcher.dispatch` and collects its answer into an {@link UpstreamResponse}:
 * the chunks are buffered and decoded once at the end, without the Readable stream, promise and async
 * resource `request()` builds around every body. That is most of what an upstream call costs on the BFF's
 * side, and a BFF only ever wants whole JSON answers.
 *
 * - a failure status (5xx) rejects with a bad gateway at once; the rest of its body is read and dropped so the
 *   socket is reused, never exposed;
 * - a `content-length` over `maxResponseBytes` rejects with a bad gateway and closes the socket (the pool's
 *   `maxResponseSize` bounds bodies without one);
 * - JSON is parsed (invalid JSON on a 2xx is a bad gateway, on a 4xx the body is `undefined`); other text is
 *   returned as is; an empty body is `undefined`;
 * - `cancel` may abort the call at any time with a reason, which the promise rejects with; transport errors
 *   (timeouts, resets) reject as undici raises them;
 * - `seen.status` receives the final status as soon as it is known (for reporting a call that then fails), and
 *   `seen.failed(err)`, when given, turns a failure into what the promise rejects with (the attempt's coded error),
 *   without a second promise per call.
 *
 * @example
 * const cancel = new CallCancellation('users', ctx, undefined, undefined);
 * const res = await collectResponse(pool, { method: 'GET', path: '/users/u1', headers }, cancel, 'users', 1 << 20);
 * @throws DownstreamBadGatewayError (BFF_ERR_DOWNSTREAM_BAD_GATEWAY), undici's errors, or the cancellation's reason
 */
export function collectResponse<T>(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  cancel: CallAbortBinding | undefined,
  upstream: string,
  maxResponseBytes: number,
  seen: CollectorSink = {},
): Promise<UpstreamResponse<T>> {
  return new Promise<UpstreamResponse<T>>((resolve, reject) => {
    const handler = new ResponseCollector<T>(upstream, maxResponseBytes, seen, resolve, reject);
    cancel?.bind((reason) => handler.abort(reason));
    if (handler.settled) return; // cancelled while binding
    dispatcher.dispatch(options, handler);
  });
}

/** The sink of a settled collector: the call it reported to (and its whole request context) is let go. */
const SETTLED: CollectorSink = {};

/** Where a collector reports the status it saw and maps the failure it rejects with. */
export interface CollectorSink {
  status?: number;
  /** The `Retry-After` of a failure status (5xx), for a retry policy. */
  retryAfter?: string;
  failed?(err: unknown): unknown;
}

/** Whatever can end a call early: it receives the function that aborts the call (see `CallCancellation`). */
export interface CallAbortBinding {
  bind(abort: (reason: unknown) => void): void;
}

/**
 * The dispatch handler behind {@link collectResponse}; settles its promise exactly once. undici may hold on to a
 * handler for a while after the answer, so settling drops every reference to the caller's promise, data and
 * call (the sink, which leads to the request's whole context), as undici's own `request()` handler does:
 * otherwise each answer would outlive its request and be promoted to the old generation. Keeping the sink alone
 * cost a mark-compact every ~1500 requests of `GET /v1/home` (about 0.5M instructions per request).
 */
class ResponseCollector<T> implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private settlers?: { resolve: (response: UpstreamResponse<T>) => void; reject: (err: unknown) => void };
  private discard = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];

  constructor(
    private readonly upstream: string,
    private readonly maxResponseBytes: number,
    private seen: CollectorSink,
    resolve: (response: UpstreamResponse<T>) => void,
    reject: (err: unknown) => void,
  ) {
    this.settlers = { resolve, reject };
  }

  /** True once the promise is settled. */
  get settled(): boolean {
    return this.settlers === undefined;
  }

  /** Ends the call: rejects with `reason` and closes the exchange (before it starts, if still queued). */
  abort(reason: unknown): void {
    const controller = this.controller;
    this.fail(reason);
    controller?.abort(reason instanceof Error ? reason : new Error('aborted'));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Aborted while queued in the pool: stop before anything is written.
    if (!this.settlers && !this.discard) controller.abort(new Error('aborted before start'));
    else this.controller = controller;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (statusCode < 200) return; // 1xx informational: the final answer follows
    this.status = statusCode;
    if (this.settlers) this.seen.status = statusCode;
    this.headers = headers;
    if (FAILURE_STATUSES.has(statusCode)) {
      this.discard = true; // read to the end and drop, so the socket stays reusable
      const retryAfter = headers['retry-after'];
      if (typeof retryAfter === 'string') this.seen.retryAfter = retryAfter;
      this.fail(
        badGateway(this.upstream, `answered ${statusCode}`, undefined, UPSTREAM_DETAILS.failureStatus),
      );
      return;
    }
    const length = Number(headers['content-length']);
    if (Number.isFinite(length) && length > this.maxResponseBytes) {
      this.fail(badGateway(this.upstream, `sent a body over ${this.maxResponseBytes} bytes`));
      controller.abort(new Error('response too large'));
    }
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settlers) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const settlers = this.settlers;
    if (!settlers) return;
    const { chunks } = this;
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    let response: UpstreamResponse<T>;
    try {
      response = this.parse(bytes.toString('utf8'), bytes.length);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.settle();
    settlers.resolve(response);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  private parse(text: string, bodyBytes: number): UpstreamResponse<T> {
    const { status, headers } = this;
    const ok = status >= 200 && status < 300;
    const type = headers['content-type'];
    if (text.length === 0) return { status, ok, body: undefined as T, headers, bodyBytes };
    if (status === 204 || typeof type !== 'string' || !JSON_TYPE.test(type)) {
      return { status, ok, body: text as T, headers, bodyBytes };
    }
    try {
      return { status, ok, body: JSON.parse(text) as T, headers, bodyBytes };
    } catch (err) {
      if (ok) throw badGateway(this.upstream, 'sent an unparseable JSON body', err);
      return { status, ok, body: undefined as T, headers, bodyBytes };
    }
  }

  private fail(err: unknown): void {
    const settlers = this.settlers;
    if (!settlers) return;
    const seen = this.seen;
    this.settle();
    settlers.reject(seen.failed ? seen.failed(err) : err);
  }

  /** Marks the promise settled and lets go of everything the caller owns. */
  private settle(): void {
    this.settlers = undefined;
    this.controller = undefined;
    this.seen = SETTLED;
    this.chunks = [];
    this.headers = {};
  }
}
