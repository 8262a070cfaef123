import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../time';
import { CancelScope, type CancelScopeOptions } from './cancel-scope';
import { Deadline } from './deadline';
import type { Principal } from './principal';
import type { ContextLogger, DegradedPart, RequestContext, TraceContext } from './request-context';
import { newSpanId, newTraceId } from './trace-ids';

/**
 * A context that owns everything itself: the one core builds per request, and every detached context. A class,
 * so every context shares one hidden class and `deadline`/`signal` are prototype getters: an object literal with
 * a getter costs far more to the garbage collector (measured: it made survivors of every request be promoted,
 * some 30 µs of scavenging per request).
 */
export class RootRequestContext implements RequestContext {
  readonly degraded: DegradedPart[] = [];
  upstreamCalls = 0;
  serverTiming?: string[] = undefined;

  constructor(
    readonly requestId: string,
    readonly trace: TraceContext,
    readonly cancellation: CancelScope,
    readonly log: ContextLogger,
    public principal?: Principal,
    readonly headers?: Readonly<Record<string, string | string[] | undefined>>,
  ) {}

  get deadline(): Deadline {
    return this.cancellation.deadline;
  }

  /** Created only when somebody reads it: most requests never need an AbortSignal. */
  get signal(): AbortSignal {
    return this.cancellation.signal;
  }
}

/**
 * A context that is its parent's in every field: the base of contexts that change one thing about their parent
 * (a cancellation scope of their own, a part name), so a new `RequestContext` field is delegated in one place.
 * @example
 * class TaggedContext extends DelegatingRequestContext {
 *   constructor(parent: RequestContext, readonly tag: string) { super(parent); }
 * }
 */
export class DelegatingRequestContext implements RequestContext {
  constructor(protected readonly parent: RequestContext) {}

  get requestId(): string {
    return this.parent.requestId;
  }
  get trace(): TraceContext {
    return this.parent.trace;
  }
  get cancellation(): CancelScope {
    return this.parent.cancellation;
  }
  get deadline(): Deadline {
    return this.cancellation.deadline;
  }
  get signal(): AbortSignal {
    return this.cancellation.signal;
  }
  get log(): ContextLogger {
    return this.parent.log;
  }
  get headers(): RequestContext['headers'] {
    return this.parent.headers;
  }
  get principal(): Principal | undefined {
    return this.parent.principal;
  }
  set principal(principal: Principal | undefined) {
    this.parent.principal = principal;
  }
  get degraded(): DegradedPart[] {
    return this.parent.degraded;
  }
  get upstreamCalls(): number {
    return this.parent.upstreamCalls;
  }
  set upstreamCalls(count: number) {
    this.parent.upstreamCalls = count;
  }
  get serverTiming(): string[] | undefined {
    return this.parent.serverTiming;
  }
  set serverTiming(entries: string[] | undefined) {
    this.parent.serverTiming = entries;
  }
  get operation(): RequestContext['operation'] {
    return this.parent.operation;
  }
  set operation(operation: RequestContext['operation']) {
    this.parent.operation = operation;
  }
}

/** A parent's context seen through a cancellation scope of its own; everything else is the parent's. */
class ChildRequestContext extends DelegatingRequestContext {
  constructor(
    parent: RequestContext,
    private readonly scope: CancelScope,
  ) {
    super(parent);
  }

  override get cancellation(): CancelScope {
    return this.scope;
  }
}

/** Options of {@link childContext}. */
export interface ChildContextOptions {
  /** A budget (in milliseconds) of its own; the child's deadline is the sooner of it and the parent's. */
  budgetMs?: number;
  /** The reason the child is cancelled with when its own deadline passes. Default is the parent's. */
  deadlineReason?: CancelScopeOptions['deadlineReason'];
}

/**
 * A context for a unit of work inside `parent` (the parts of one aggregate, a job started by a request): same
 * request id, trace, logger, principal and degraded list, with a cancellation scope that is a child of the
 * parent's. Upstream calls made while it is the current context follow it, without any signal passed around.
 * Cancel the work with `ctx.cancellation.cancel(reason)`; call `ctx.cancellation.dispose()` once it settled.
 *
 * @example
 * const part = childContext(ctx, { budgetMs: 300 });
 * try { await RequestContextStore.run(part, () => work()); }
 * catch (err) { part.cancellation.cancel(err); throw err; }
 * finally { part.cancellation.dispose(); }
 */
export function childContext(parent: RequestContext, options: ChildContextOptions = {}): RequestContext {
  return new ChildRequestContext(parent, parent.cancellation.child(options));
}

/** Options of {@link createDetachedContext}. */
export interface DetachedContextOptions {
  /**
   * Time budget (in milliseconds) of the work; its cancellation fires `DeadlineExceededError` when it passes.
   * `Infinity` means no deadline. Default is 30000 (30 seconds).
   */
  budgetMs?: number;
  /** Clock of the deadline and its timer. Default is `systemClock` (tests pass a `FakeClock`). */
  clock?: Clock;
  /** Logger of the work. Default discards everything. */
  log?: ContextLogger;
  /** Who the work acts for, when anybody. Default is none. */
  principal?: Principal;
  /** Request id sent downstream and logged. Default is a random UUID. */
  requestId?: string;
  /** Trace to continue. Default is a new trace (sampled). */
  trace?: TraceContext;
  /** Reason of the cancellation at the deadline. Default is a `DeadlineExceededError`. */
  deadlineReason?: CancelScopeOptions['deadlineReason'];
}

/**
 * A context that belongs to no request: background jobs, a call shared by several requests (whose own
 * cancellations must not end it), tests. It owns a cancellation scope with its own deadline; run work in it with
 * `RequestContextStore.run(ctx, fn)` and call `ctx.cancellation.dispose()` when done (stops the deadline timer).
 *
 * @example
 * const job = createDetachedContext({ budgetMs: 10_000, log: logger.child({ job: 'export' }) });
 * await RequestContextStore.run(job, () => exporter.run());
 * job.cancellation.dispose();
 * @throws RangeError when `budgetMs` is negative or not a number
 */
export function createDetachedContext(options: DetachedContextOptions = {}): RequestContext {
  const budgetMs = options.budgetMs ?? 30_000;
  if (typeof budgetMs !== 'number' || Number.isNaN(budgetMs) || budgetMs < 0)
    throw new RangeError('budgetMs must be a non-negative number of milliseconds (Infinity for none)');
  const clock = options.clock ?? systemClock;
  const deadline = budgetMs === Infinity ? Deadline.none(clock) : Deadline.after(budgetMs, clock);
  return new RootRequestContext(
    options.requestId ?? randomUUID(),
    options.trace ?? { traceId: newTraceId(), spanId: newSpanId(), flags: '01' },
    new CancelScope({ deadline, deadlineReason: options.deadlineReason }),
    options.log ?? SILENT_LOGGER,
    options.principal,
  );
}

function discard(): void {}

/** The logger of a detached context that was given none. */
const SILENT_LOGGER: ContextLogger = { info: discard, warn: discard, error: discard, debug: discard };
