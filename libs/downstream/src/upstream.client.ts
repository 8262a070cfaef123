import { Pool } from 'undici';
import { isCancelled, RequestContextStore, type RequestContext } from '@bff/core';
import {
  resolveUpstreamOptions,
  type CallOptions,
  type CallOutcome,
  type DownstreamModuleOptions,
  type ResolvedUpstreamOptions,
  type UpstreamCallEvent,
  type UpstreamOptions,
  type UpstreamResponse,
} from './downstream.options';
import {
  callerAbortFailure,
  callTimeoutFailure,
  classifyCallError,
  contextAbortFailure,
  deadlineFailure,
  type CallFailure,
} from './call-failure';
import { CallCancellation, type CallTimer } from './call-cancellation';
import { collectResponse } from './response-collector';
import { buildCallHeaders, withQuery } from './upstream-headers';

/** HTTP methods an {@link UpstreamClient} sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Settings shared by every client of a module (see {@link DownstreamModuleOptions}). */
export type SharedClientOptions = Pick<DownstreamModuleOptions, 'propagateIdentity' | 'onCall'>;

/** Longest delay a Node timer supports; a larger budget is treated as no budget. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A typed client for one upstream over its own keep-alive undici `Pool`. Every call honours the request's
 * deadline and abort signal (from {@link RequestContextStore}), propagates request id, trace context and
 * verified identity, and maps failures to coded errors. A 4xx resolves with `ok: false`.
 *
 * @example
 * const users = createUpstreamClient('users', { baseUrl: 'http://127.0.0.1:4001' });
 * const res = await users.get<User>('/users/u1');
 * if (res.status === 404) throw new ResourceNotFoundError('No such user');
 * @throws DownstreamTimeoutError (BFF_ERR_DOWNSTREAM_TIMEOUT, 504), DeadlineExceededError (BFF_ERR_DEADLINE_EXCEEDED, 504),
 *   DownstreamUnavailableError (BFF_ERR_DOWNSTREAM_UNAVAILABLE, 503), DownstreamBadGatewayError
 *   (BFF_ERR_DOWNSTREAM_BAD_GATEWAY, 502), ClientClosedRequestError (BFF_ERR_CLIENT_CLOSED_REQUEST, 499)
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private closing?: Promise<void>;

  constructor(
    /** The upstream's configured name; the only identity of the upstream in errors, logs and metrics. */
    readonly name: string,
    private readonly options: ResolvedUpstreamOptions,
    private readonly shared: SharedClientOptions = {},
  ) {
    this.pool = new Pool(options.origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
      pipelining: 1,
    });
  }

  /** `GET path`. @example await users.get<User>('/users/u1', { timeoutMs: 300 }) */
  get<T = unknown>(path: string, opts?: CallOptions): Promise<UpstreamResponse<T>> {
    return this.request<T>('GET', path, opts);
  }

  /** `POST path` with a JSON body. @example await orders.post<Order>('/orders', { items }) */
  post<T = unknown>(path: string, body: unknown, opts?: CallOptions): Promise<UpstreamResponse<T>> {
    return this.request<T>('POST', path, { ...opts, body });
  }

  /**
   * Any method; `opts.body` (when defined) is sent as JSON.
   * @example await orders.request<Order>('PATCH', '/orders/o1', { body: { status: 'cancelled' } })
   */
  async request<T = unknown>(
    method: HttpMethod,
    path: string,
    opts: CallOptions & { body?: unknown } = {},
  ): Promise<UpstreamResponse<T>> {
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
      throw new TypeError(`Upstream "${this.name}": path must start with a single "/"`);
    }
    if (opts.timeoutMs !== undefined && !(Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0)) {
      throw new TypeError(`Upstream "${this.name}": timeoutMs must be a positive number of milliseconds`);
    }
    const started = performance.now();
    const ctx = RequestContextStore.current();
    let status: number | undefined;
    const report = (outcome: CallOutcome) =>
      this.emit({
        upstream: this.name,
        method,
        route: path.split('?')[0],
        status,
        outcome,
        durationMs: performance.now() - started,
      });

    const early = this.preflight(ctx, opts.signal);
    if (early) {
      report(early.outcome);
      throw early.error;
    }

    const remaining = ctx?.deadline.remaining();
    const budget = Math.min(remaining ?? Infinity, opts.timeoutMs ?? Infinity, MAX_TIMER_MS);
    const deadlineBinds = remaining !== undefined && remaining <= (opts.timeoutMs ?? Infinity);
    const bounded = budget < MAX_TIMER_MS;
    const timer: CallTimer | undefined =
      bounded && !(deadlineBinds && signalEndsWithDeadline(ctx!))
        ? {
            ms: budget,
            failure: () =>
              deadlineBinds ? deadlineFailure(this.name) : callTimeoutFailure(this.name, budget),
          }
        : undefined;
    const abort = new CallCancellation(this.name, ctx, opts.signal, timer);

    const seen: { status?: number } = {};
    try {
      const hasBody = opts.body !== undefined;
      const response = await collectResponse<T>(
        this.pool,
        {
          method,
          path: this.options.basePath + withQuery(path, opts.query),
          headers: buildCallHeaders({
            ctx,
            callerHeaders: opts.headers,
            budgetMs: bounded ? budget : undefined,
            propagateIdentity: this.shared.propagateIdentity ?? true,
            hasBody,
          }),
          body: hasBody ? JSON.stringify(opts.body) : undefined,
          // Constant per upstream on purpose: undici re-arms a socket's timer in place while the delay stays the
          // same, but allocates a new one (kept until its ~1 s sweep, so promoted) whenever it changes. The
          // call's budget is enforced precisely by the request's deadline timer or the call's own.
          headersTimeout: this.options.headersTimeoutMs,
          bodyTimeout: this.options.bodyTimeoutMs,
        },
        abort,
        this.name,
        this.options.maxResponseBytes,
        seen,
      );
      status = response.status;
      report(response.status < 400 ? 'ok' : 'client_error');
      return response;
    } catch (err) {
      status = seen.status;
      const failure = abort.failure() ?? classifyCallError(this.name, err, ctx);
      report(failure.outcome);
      throw failure.error;
    } finally {
      abort.dispose();
    }
  }

  /** Closes the pool after in-flight calls finish; later calls fail as unavailable. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.pool.close();
    return this.closing;
  }

  /** Fails without a network call when the request is already over. */
  private preflight(
    ctx: RequestContext | undefined,
    signal: AbortSignal | undefined,
  ): CallFailure | undefined {
    if (ctx && isCancelled(ctx)) return contextAbortFailure(this.name, ctx);
    if (ctx?.deadline.expired) return deadlineFailure(this.name);
    if (signal?.aborted) return callerAbortFailure(this.name, signal);
    return undefined;
  }

  private emit(event: UpstreamCallEvent): void {
    try {
      this.shared.onCall?.(event);
    } catch {
      // a metrics listener must never fail a call
    }
  }
}

/**
 * Creates a client without Nest (tests, benchmarks, scripts). Remember to `close()` it.
 * @example
 * const catalog = createUpstreamClient('catalog', { baseUrl: 'http://127.0.0.1:4003' }, { onCall: console.log });
 * @throws ConfigError (BFF_ERR_CONFIG) when the options are invalid
 */
export function createUpstreamClient(
  name: string,
  options: UpstreamOptions,
  shared: SharedClientOptions = {},
): UpstreamClient {
  return new UpstreamClient(name, resolveUpstreamOptions(name, options), shared);
}

/**
 * Whether the request's own signal aborts once `ctx.deadline` passes (core's request hooks set a timer for
 * it), so a call bounded by that deadline needs no timer of its own.
 */
function signalEndsWithDeadline(ctx: RequestContext): boolean {
  return ctx.signalDeadline !== undefined && ctx.signalDeadline.expiresAt <= ctx.deadline.expiresAt;
}
