import {
  CancelScope,
  InternalError,
  isBffError,
  isCancelled,
  RequestContextStore,
  scopedContext,
  type BffError,
  type ContextLogger,
  type DegradedPart,
  type RequestContext,
} from '@bff/core';

export type { DegradedPart } from '@bff/core';

/**
 * A response body that may be marked degraded (present only when some optional part failed).
 * @example
 * type HomeScreen = Degraded<{ user: UserCard; recentOrders?: OrderCard[] }>;
 */
export type Degraded<T> = T & { degraded?: DegradedPart[] };

/**
 * Fetches one part. Upstream calls made inside it are cancelled with the aggregate (a required sibling failed)
 * and with the request, without passing anything. `signal` fires at the same moments, for other APIs (`fetch`,
 * a client of your own): it is only created for a fetcher that declares the parameter.
 */
export type PartFetcher<T> = (signal: AbortSignal) => Promise<T>;

/** A part whose failure fails the whole aggregate. Build it with {@link required}. */
export interface RequiredPart<T> {
  readonly kind: 'required';
  readonly run: PartFetcher<T>;
}

/** A part whose failure degrades the aggregate to `fallback`. Build it with {@link optional}. */
export interface OptionalPart<T, F = undefined> {
  readonly kind: 'optional';
  readonly run: PartFetcher<T>;
  readonly fallback: F;
}

/**
 * Any part of an aggregate. Deliberately loose: a precise constraint would feed `unknown` back into the
 * inference of `required()`/`optional()` and lose each part's own type.
 */
export interface AggregatePart {
  readonly kind: 'required' | 'optional';
}

type KnownPart = RequiredPart<unknown> | OptionalPart<unknown, unknown>;

/** The resolved data of an aggregate: each required part's value, each optional part's value or fallback. */
export type AggregateData<P extends Record<string, AggregatePart>> = {
  [K in keyof P]: P[K] extends OptionalPart<infer T, infer F>
    ? T | F
    : P[K] extends RequiredPart<infer T>
      ? T
      : never;
};

/** What {@link aggregate} resolves with. */
export interface AggregateResult<P extends Record<string, AggregatePart>> {
  data: AggregateData<P>;
  /** Optional parts that failed, in declaration order; empty when nothing degraded. */
  degraded: DegradedPart[];
}

/**
 * Marks a part as required: if it fails, {@link aggregate} rejects at once with its (coded) error.
 * @example required(() => users.get<User>(`/users/${id}`))
 */
export function required<T>(run: PartFetcher<T>): RequiredPart<T> {
  return { kind: 'required', run };
}

/**
 * Marks a part as optional: if it fails, its value is `fallback` (default `undefined`) and it is listed
 * in `degraded` and logged at warn level.
 * @example optional(() => orders.get<Page>('/orders', { query: { userId } }), { fallback: emptyPage })
 */
export function optional<T>(run: PartFetcher<T>): OptionalPart<T, undefined>;
export function optional<T, F = T>(run: PartFetcher<T>, options: { fallback: F }): OptionalPart<T, F>;
export function optional<T, F>(
  run: PartFetcher<T>,
  options?: { fallback: F },
): OptionalPart<T, F | undefined> {
  return { kind: 'optional', run, fallback: options?.fallback };
}

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  /** Where degraded parts are logged. Default is the current request's `ctx.log`. */
  log?: ContextLogger;
}

/**
 * Runs independent parts in parallel. A failing required part rejects the aggregate as soon as it fails (and
 * aborts the signal handed to the other parts); a failing optional part degrades: its value becomes the
 * fallback, it is listed in `degraded` and logged at warn. Non-coded failures become `BFF_ERR_INTERNAL`.
 *
 * @example
 * const { data, degraded } = await aggregate({
 *   user: required(() => users.get<User>(`/users/${id}`)),
 *   orders: optional(() => orders.get<Page>('/orders', { query: { userId: id } })),
 * });
 * // data.user: UpstreamResponse<User>; data.orders: UpstreamResponse<Page> | undefined
 * @throws the first failing required part's coded error (e.g. BFF_ERR_DOWNSTREAM_UNAVAILABLE), or
 *   InternalError (BFF_ERR_INTERNAL) when that part failed with an uncoded error
 */
export function aggregate<P extends Record<string, AggregatePart>>(
  parts: P,
  options: AggregateOptions = {},
): Promise<AggregateResult<P>> {
  const ctx = RequestContextStore.current();
  const log = options.log ?? ctx?.log;
  const entries = Object.entries(parts) as [string, KnownPart][];
  // Siblings need their own cancellation only when a required part can fail the whole aggregate.
  const scoped = entries.some(([, part]) => part.kind === 'required') ? openScope(ctx) : undefined;
  const data: Record<string, unknown> = {};
  const failed = new Map<string, string>();

  return new Promise<AggregateResult<P>>((resolve, reject) => {
    let pending = entries.length;
    let settled = false;
    const finish = () => {
      if (settled || --pending > 0) return;
      settled = true;
      scoped?.release();
      const degraded: DegradedPart[] = entries
        .filter(([name]) => failed.has(name))
        .map(([part]) => ({ part, code: failed.get(part)! }));
      if (ctx && degraded.length > 0) ctx.degraded.push(...degraded);
      resolve({ data: data as AggregateData<P>, degraded });
    };
    if (pending === 0) {
      pending = 1;
      finish();
    }
    for (const [name, part] of entries) {
      start(part.run, scoped, ctx).then(
        (value) => {
          data[name] = value;
          finish();
        },
        (err: unknown) => {
          if (settled) return;
          const error = toCodedError(name, err);
          if (part.kind === 'required') {
            settled = true;
            scoped?.scope.cancel(error);
            scoped?.release();
            reject(error);
            return;
          }
          data[name] = part.fallback;
          failed.set(name, error.code);
          // Once the request itself is over (client gone, deadline), nobody reads this answer: not a warning.
          if (ctx && isCancelled(ctx))
            log?.debug({ part: name, code: error.code }, `optional part "${name}" cut`);
          else log?.warn({ part: name, code: error.code, err: error }, `optional part "${name}" degraded`);
          finish();
        },
      );
    }
  });
}

/** The aggregate's own cancellation: a scoped context inside a request, a bare scope outside one. */
interface AggregateScope {
  scope: CancelScope;
  ctx?: RequestContext;
  release(): void;
}

function openScope(ctx: RequestContext | undefined): AggregateScope {
  return ctx ? scopedContext(ctx) : { scope: new CancelScope(), release: () => undefined };
}

/** Handed to parts when nothing can cancel them (outside a request, no required part). */
const NEVER_ABORTED: AbortSignal = new AbortController().signal;

function start<T>(
  run: PartFetcher<T>,
  scoped: AggregateScope | undefined,
  ctx: RequestContext | undefined,
): Promise<T> {
  try {
    // A fetcher declaring no parameter gets no AbortSignal: creating one is the costly part of cancellation.
    const signal = (
      run.length > 0 ? (scoped?.scope.signal ?? ctx?.signal ?? NEVER_ABORTED) : undefined
    ) as AbortSignal;
    const runIn = scoped?.ctx;
    return Promise.resolve(runIn ? RequestContextStore.run(runIn, () => run(signal)) : run(signal));
  } catch (err) {
    return Promise.reject(err);
  }
}

function toCodedError(part: string, err: unknown): BffError {
  if (isBffError(err)) return err;
  return new InternalError(`Aggregate part "${part}" failed`, { cause: err });
}
