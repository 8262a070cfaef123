import {
  childContext,
  createDetachedContext,
  InternalError,
  isBffError,
  RequestContextStore,
  type BffError,
  type ContextLogger,
  type DegradedPart,
  type RequestContext,
} from '@bff/core';
import { partBudgetContext } from './part-budget';
import { PartContext } from './part-context';

export type { DegradedPart } from '@bff/core';

/**
 * A response body that may be marked degraded (present only when some optional part failed).
 * @example
 * type HomeScreen = Degraded<{ user: UserCard; recentOrders?: OrderCard[] }>;
 */
export type Degraded<T> = T & { degraded?: DegradedPart[] };

/**
 * Fetches one part. It runs in `ctx`, the aggregate's context (the request's, with a cancellation of its own when
 * a required part can fail the aggregate): upstream calls made inside it are cancelled with the aggregate (a
 * required sibling failed) and with the request, without passing anything. For other APIs (`fetch`, a client of
 * your own) read `ctx.signal`: the `AbortSignal` is only created when read.
 * @example optional((ctx) => fetch(url, { signal: ctx.signal }))
 */
export type PartFetcher<T> = (ctx: RequestContext) => Promise<T>;

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
  /** The part's own time budget (in milliseconds), when it has one. */
  readonly budgetMs?: number;
}

/** Options of {@link optional}. */
export interface OptionalPartOptions<F> {
  /** The part's value when it fails. Default is undefined. */
  fallback?: F;
  /**
   * The part's own time budget (in milliseconds): when it passes before the part settled, the part degrades at
   * once (`BFF_ERR_DOWNSTREAM_TIMEOUT`) and its upstream calls are cancelled and count as timeouts of their
   * upstream (its breaker sees them), instead of holding the answer until the request's deadline. Default is none
   * (the request's deadline).
   */
  budgetMs?: number;
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
 * Marks a part as optional: if it fails, or outlives its own `budgetMs`, its value is `fallback` (default
 * `undefined`) and it is listed in `degraded` and logged at warn level.
 * @example
 * optional(() => orders.get<Page>('/orders', { query: { userId } }), { fallback: emptyPage })
 * optional(() => catalog.stock(ids), { budgetMs: 300 }) // a hung inventory degrades the answer at 300 ms
 * @throws RangeError when `budgetMs` is not a positive finite number
 */
export function optional<T>(run: PartFetcher<T>, options?: { budgetMs?: number }): OptionalPart<T, undefined>;
export function optional<T, F = T>(
  run: PartFetcher<T>,
  options: { fallback: F; budgetMs?: number },
): OptionalPart<T, F>;
export function optional<T, F>(
  run: PartFetcher<T>,
  options?: OptionalPartOptions<F>,
): OptionalPart<T, F | undefined> {
  const budgetMs = options?.budgetMs;
  if (budgetMs === undefined) return { kind: 'optional', run, fallback: options?.fallback };
  if (typeof budgetMs !== 'number' || !Number.isFinite(budgetMs) || budgetMs <= 0)
    throw new RangeError('budgetMs must be a positive number of milliseconds');
  return { kind: 'optional', run, fallback: options?.fallback, budgetMs };
}

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  /** Where degraded parts are logged. Default is the current request's `ctx.log`. */
  log?: ContextLogger;
}

/**
 * Runs independent parts in parallel. A failing required part rejects the aggregate as soon as it fails (and
 * cancels the context the other parts run in); a failing optional part degrades: its value becomes the
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
  const parent = RequestContextStore.current();
  const log = options.log ?? parent?.log;
  const entries = Object.entries(parts) as [string, KnownPart][];
  // Outside any request the parts still share one context, so a failed required part can end the others.
  const base = parent ?? createDetachedContext({ budgetMs: Infinity });
  // Siblings need a cancellation of their own only when a required part can fail the whole aggregate.
  const scoped = entries.some(([, part]) => part.kind === 'required') ? childContext(base) : undefined;
  const runIn = scoped ?? base;
  const data: Record<string, unknown> = {};
  const failed = new Map<string, { code: string; stale?: true }>();

  return new Promise<AggregateResult<P>>((resolve, reject) => {
    let pending = entries.length;
    let settled = false;
    const finish = () => {
      if (settled || --pending > 0) return;
      settled = true;
      scoped?.cancellation.dispose();
      const degraded: DegradedPart[] = entries
        .filter(([name]) => failed.has(name))
        .map(([part]) => ({ part, ...failed.get(part)! }));
      if (parent && degraded.length > 0) parent.degraded.push(...degraded);
      resolve({ data: data as AggregateData<P>, degraded });
    };
    if (pending === 0) {
      pending = 1;
      finish();
    }
    for (const [name, part] of entries) {
      // Each part runs in a context naming it, so a stale answer inside it reports this part as degraded; a part
      // with a budget of its own runs in a child context that ends at that budget.
      const own =
        part.kind === 'optional' && part.budgetMs ? partBudgetContext(runIn, name, part.budgetMs) : undefined;
      const partCtx = new PartContext(own ?? runIn, name);
      const running = start(part.run, partCtx);
      (own ? withinBudget(running, own) : running).then(
        (value) => {
          data[name] = value;
          if (partCtx.staleCode !== undefined) failed.set(name, { code: partCtx.staleCode, stale: true });
          finish();
        },
        (err: unknown) => {
          if (settled) return;
          const error = toCodedError(name, err);
          if (part.kind === 'required') {
            settled = true;
            scoped?.cancellation.cancel(error);
            scoped?.cancellation.dispose();
            reject(error);
            return;
          }
          data[name] = part.fallback;
          failed.set(name, { code: error.code });
          // Once the request itself is over (client gone, deadline), nobody reads this answer: not a warning.
          if (parent?.cancellation.aborted)
            log?.debug({ part: name, code: error.code }, `optional part "${name}" cut`);
          else log?.warn({ part: name, code: error.code, err: error }, `optional part "${name}" degraded`);
          finish();
        },
      );
    }
  });
}

/** Runs one part in `ctx`, as the current context. */
function start<T>(run: PartFetcher<T>, ctx: RequestContext): Promise<T> {
  try {
    return Promise.resolve(RequestContextStore.run(ctx, () => run(ctx)));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Settles with `running`, or rejects as soon as the part's own context is cancelled (its budget passed). */
function withinBudget<T>(running: Promise<T>, ctx: RequestContext): Promise<T> {
  const scope = ctx.cancellation;
  // One `then` rather than `then(...).finally(...)`: two promises less per budgeted part.
  return new Promise<T>((resolve, reject) => {
    const off = scope.onCancel(reject);
    const disposePartContext = () => {
      off();
      scope.dispose();
    };
    running.then(
      (value) => {
        disposePartContext();
        resolve(value);
      },
      (err: unknown) => {
        disposePartContext();
        reject(err);
      },
    );
  });
}

function toCodedError(part: string, err: unknown): BffError {
  if (isBffError(err)) return err;
  return new InternalError(`Aggregate part "${part}" failed`, { cause: err });
}
