import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { UpstreamResponse } from './downstream.options';
import { badGateway, FAILURE_STATUSES } from './upstream-failure';

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
 * - `signal` aborts the call with its reason; transport errors (timeouts, resets) reject as undici raises them;
 * - `seen.status` receives the final status as soon as it is known (for reporting a call that then fails).
 *
 * @example
 * const res = await collectResponse(pool, { method: 'GET', path: '/users/u1', headers }, signal, 'users', 1 << 20);
 * @throws DownstreamBadGatewayError (BFF_ERR_DOWNSTREAM_BAD_GATEWAY), undici's errors, or the signal's reason
 */
export function collectResponse<T>(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal | undefined,
  upstream: string,
  maxResponseBytes: number,
  seen: { status?: number } = {},
): Promise<UpstreamResponse<T>> {
  return new Promise<UpstreamResponse<T>>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const handler = new ResponseCollector<T>(upstream, maxResponseBytes, signal, seen, resolve, reject);
    dispatcher.dispatch(options, handler);
  });
}

/** The dispatch handler behind {@link collectResponse}; settles its promise exactly once. */
class ResponseCollector<T> implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private settled = false;
  private discard = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private readonly onAbort?: () => void;

  constructor(
    private readonly upstream: string,
    private readonly maxResponseBytes: number,
    private readonly signal: AbortSignal | undefined,
    private readonly seen: { status?: number },
    private readonly resolve: (response: UpstreamResponse<T>) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    if (signal) {
      this.onAbort = () => {
        this.fail(signal.reason);
        this.controller?.abort(signal.reason);
      };
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled && !this.discard) controller.abort(this.signal?.reason ?? new Error('aborted'));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (statusCode < 200) return; // 1xx informational: the final answer follows
    this.status = statusCode;
    this.seen.status = statusCode;
    this.headers = headers;
    if (FAILURE_STATUSES.has(statusCode)) {
      this.discard = true; // read to the end and drop, so the socket stays reusable
      this.fail(badGateway(this.upstream, `answered ${statusCode}`));
      return;
    }
    const length = Number(headers['content-length']);
    if (Number.isFinite(length) && length > this.maxResponseBytes) {
      this.fail(badGateway(this.upstream, `sent a body over ${this.maxResponseBytes} bytes`));
      controller.abort(new Error('response too large'));
    }
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.settled) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const text =
      this.chunks.length === 1
        ? this.chunks[0].toString('utf8')
        : Buffer.concat(this.chunks).toString('utf8');
    this.chunks = [];
    let response: UpstreamResponse<T>;
    try {
      response = this.parse(text);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.settle();
    this.resolve(response);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  private parse(text: string): UpstreamResponse<T> {
    const { status, headers } = this;
    const ok = status >= 200 && status < 300;
    const type = headers['content-type'];
    if (text.length === 0) return { status, ok, body: undefined as T, headers };
    if (status === 204 || typeof type !== 'string' || !JSON_TYPE.test(type)) {
      return { status, ok, body: text as T, headers };
    }
    try {
      return { status, ok, body: JSON.parse(text) as T, headers };
    } catch (err) {
      if (ok) throw badGateway(this.upstream, 'sent an unparseable JSON body', err);
      return { status, ok, body: undefined as T, headers };
    }
  }

  private fail(err: unknown): void {
    if (this.settled) return;
    this.settle();
    this.chunks = [];
    this.reject(err);
  }

  private settle(): void {
    this.settled = true;
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
  }
}
