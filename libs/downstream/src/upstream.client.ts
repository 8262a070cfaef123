import { Pool, type Dispatcher } from 'undici';
import { RequestContextStore, systemClock, Deadline, type Clock } from '@bff/core';
import {
  resolveUpstreamOptions,
  type CallOptions,
  type CallOutcome,
  type DownstreamModuleOptions,
  type ResolvedUpstreamOptions,
  type UpstreamOptions,
  type UpstreamResponse,
} from './downstream.options';
import { upstreamPolicies } from './built-in-policies';
import { createAttempt } from './call-attempt';
import type { CoalescePolicy } from './coalescing/coalesce.policy';
import type { HedgePolicy } from './hedging/hedge.policy';
import { InstancePool } from './instances/instance-pool';
import { hasHostName, ResolvingPool } from './instances/resolving-pool';
import type { InstanceState } from './instances/outlier-ejection';
import { CallCancellation } from './call-cancellation';
import { classify } from './call-failure';
import { composePolicies, type CallNext, type CallPolicy } from './call-policy';
import { deadlinePolicy } from './deadline.policy';
import { ResilienceRegistry } from './resilience.registry';
import { UpstreamCall, type HttpMethod } from './upstream-call';
import { withQuery } from './upstream-headers';

export type { HttpMethod } from './upstream-call';

/** Settings shared by every client of a module (see {@link DownstreamModuleOptions}). */
export type SharedClientOptions = Pick<
  DownstreamModuleOptions,
  'propagateIdentity' | 'onCall' | 'policies' | 'clock' | 'responseCache' | 'tracer'
> & {
  /** Where the upstream's breakers, bulkheads and retry budget live. Default is one of the client's own. */
  resilience?: ResilienceRegistry;
};

/**
 * A typed client for one upstream over its own keep-alive undici dispatcher. A call goes through three steps:
 * **prepare** (validate, read the context, resolve the budget), the upstream's **policies** in order (the
 * built-in `deadline` first, then the module's and the upstream's own), and **attempts** (headers per attempt,
 * dispatch, collect). Every call honours the context's deadline and cancellation (from
 * {@link RequestContextStore}), propagates request id, trace context and verified identity, and maps failures
 * to coded errors. A 4xx resolves with `ok: false`.
 *
 * @example
 * const users = createUpstreamClient('users', { baseUrl: 'http://127.0.0.1:4001' });
 * const res = await users.get<User>('/users/u1');
 * if (res.status === 404) throw new ResourceNotFoundError('No such user');
 * @throws DownstreamTimeoutError (BFF_ERR_DOWNSTREAM_TIMEOUT, 504), DeadlineExceededError (BFF_ERR_DEADLINE_EXCEEDED, 504),
 *   DownstreamUnavailableError (BFF_ERR_DOWNSTREAM_UNAVAILABLE, 503), DownstreamBadGatewayError
 *   (BFF_ERR_DOWNSTREAM_BAD_GATEWAY, 502), ClientClosedRequestError (BFF_ERR_CLIENT_CLOSED_REQUEST, 499),
 *   InternalError (BFF_ERR_INTERNAL) for a failure that is the BFF's own
 */
export class UpstreamClient {
  /** The policies every call goes through, in order (`deadline` first). */
  readonly policies: readonly CallPolicy[];
  /** The breakers, bulkheads and retry budget this client's policies use (readable state). */
  readonly resilience: ResilienceRegistry;
  private readonly dispatcher: Dispatcher;
  private readonly pipeline: CallNext;
  private readonly clock: Clock;
  private readonly instancePool?: InstancePool;
  private closing?: Promise<void>;

  constructor(
    /** The upstream's configured name; the only identity of the upstream in logs and metrics. */
    readonly name: string,
    private readonly options: ResolvedUpstreamOptions,
    private readonly shared: SharedClientOptions = {},
  ) {
    const poolOptions: Pool.Options = {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
      pipelining: 1,
      ...(options.ca !== undefined ? { connect: { ca: options.ca } } : {}),
    };
    this.clock = shared.clock ?? systemClock;
    const base = options.dispatcher
      ? options.dispatcher(options.origin, poolOptions)
      : options.instances.length > 1
        ? new InstancePool(options.instances, {
            poolOptions,
            ejection: options.outlierEjection,
            canary: options.canary,
            clock: this.clock,
            connect: (origin, opts) => instanceDispatcher(origin, opts, options.dns, this.clock),
          })
        : instanceDispatcher(options.origin, poolOptions, options.dns, this.clock);
    this.instancePool = base instanceof InstancePool ? base : undefined;
    this.dispatcher = options.interceptors.length > 0 ? base.compose(...options.interceptors) : base;
    this.resilience = shared.resilience ?? new ResilienceRegistry({ clock: this.clock });
    const resilience = this.resilience.policiesFor(name, options.resilience);
    this.policies = [
      deadlinePolicy,
      ...upstreamPolicies(options, shared, resilience),
      ...(shared.policies?.(name) ?? []),
      ...options.policies,
      ...resilience.perAttempt,
    ];
    const hedge = this.policies.find((p): p is HedgePolicy => p.name === 'hedge' && 'stats' in p);
    const coalesce = this.policies.find((p): p is CoalescePolicy => p.name === 'coalesce' && 'stats' in p);
    const pool = this.instancePool;
    this.resilience.attach(name, {
      ...(pool ? { instances: () => pool.instances() } : {}),
      ...(hedge ? { hedge: () => hedge.stats() } : {}),
      ...(coalesce ? { coalesce: () => coalesce.stats() } : {}),
    });
    this.pipeline = composePolicies(
      this.policies,
      createAttempt(this.dispatcher, options, shared.propagateIdentity ?? true, shared.tracer),
    );
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
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    opts: CallOptions & { body?: unknown } = {},
  ): Promise<UpstreamResponse<T>> {
    const started = this.clock.now();
    let call: UpstreamCall;
    try {
      call = this.prepare(method, path, opts);
    } catch (err) {
      return Promise.reject(err);
    }
    const pending = this.pipeline(call); // never throws (composePolicies)
    // One `then` instead of an async function and its `await`: under Node 20's AsyncLocalStorage hooks each
    // promise costs, and a request makes four calls.
    return pending.then(
      (response) => {
        this.report(call, call.outcome ?? (response.status < 400 ? 'ok' : 'client_error'), started);
        call.cancellation.dispose();
        return response as UpstreamResponse<T>;
      },
      (err: unknown) => {
        const failure = classify(call, err);
        this.report(call, failure.outcome, started);
        call.cancellation.dispose();
        throw failure.error;
      },
    );
  }

  /** Each instance's outlier-ejection state, when the upstream has several instances. */
  instances(): InstanceState[] | undefined {
    return this.instancePool?.instances();
  }

  /** Closes the dispatcher after in-flight calls finish; later calls fail as unavailable. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.dispatcher.close();
    return this.closing;
  }

  /** Validates the call and resolves its context and budget. */
  private prepare(method: HttpMethod, path: string, opts: CallOptions & { body?: unknown }): UpstreamCall {
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
      throw new TypeError(`Upstream "${this.name}": path must start with a single "/"`);
    }
    const { timeoutMs } = opts;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new TypeError(`Upstream "${this.name}": timeoutMs must be a positive number of milliseconds`);
    }
    const ctx = RequestContextStore.current();
    let deadline: Deadline | undefined;
    if (ctx) deadline = timeoutMs === undefined ? ctx.deadline : ctx.deadline.narrow(timeoutMs);
    else if (timeoutMs !== undefined) deadline = Deadline.after(timeoutMs, this.clock);
    const query = path.indexOf('?');
    return new UpstreamCall(
      this.name,
      method,
      query < 0 ? path : path.slice(0, query),
      this.options.basePath + withQuery(path, opts.query),
      opts,
      ctx,
      deadline,
      ctx !== undefined && deadline === ctx.deadline,
      new CallCancellation(ctx, opts.signal),
      this.options.unavailableRetryAfterSec,
    );
  }

  private report(call: UpstreamCall, outcome: CallOutcome, started: number): void {
    const onCall = this.shared.onCall;
    if (!onCall) return;
    try {
      onCall({
        upstream: this.name,
        method: call.method,
        route: call.route,
        status: call.status,
        outcome,
        durationMs: this.clock.now() - started,
      });
    } catch {
      // a metrics listener must never fail a call
    }
  }
}

/** One instance's dispatcher: a Pool, or a {@link ResolvingPool} when its host name is re-resolved. */
function instanceDispatcher(
  origin: string,
  poolOptions: Pool.Options,
  dns: ResolvedUpstreamOptions['dns'],
  clock: Clock,
): Dispatcher {
  return dns && hasHostName(origin)
    ? new ResolvingPool(origin, poolOptions, dns, clock)
    : new Pool(origin, poolOptions);
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
