import { CancelScope, type CancelListener } from './cancel-scope';
import type { Deadline } from './deadline';
import type { Principal } from './principal';
import type { ContextLogger, DegradedPart, RequestContext, TraceContext } from './request-context';

/** Whether the request (or unit of work) of `ctx` was cancelled: its scope says so, else its signal. */
export function isCancelled(ctx: RequestContext): boolean {
  return ctx.cancellation ? ctx.cancellation.aborted : ctx.signal.aborted;
}

/** Why the request (or unit of work) of `ctx` was cancelled; undefined while it is not. */
export function cancelReason(ctx: RequestContext): unknown {
  return ctx.cancellation ? ctx.cancellation.reason : ctx.signal.reason;
}

/**
 * Runs `listener` once when `ctx` is cancelled, through its {@link CancelScope} when it has one (no
 * `AbortSignal` is created), else through `ctx.signal`. Returns the function that removes the listener.
 * @example const off = onCancelled(ctx, (reason) => abortCall(reason)); try { ... } finally { off(); }
 */
export function onCancelled(ctx: RequestContext, listener: CancelListener): () => void {
  if (ctx.cancellation) return ctx.cancellation.onCancel(listener);
  const signal = ctx.signal;
  const onAbort = (): void => listener(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** A unit of work inside a request: the request's context with a cancellation of its own. */
export interface ScopedContext {
  /** The context to run the work in (`RequestContextStore.run(scoped.ctx, ...)`). */
  readonly ctx: RequestContext;
  /** Cancels the work only, e.g. when a sibling failed; the request's own cancellation reaches it too. */
  readonly scope: CancelScope;
  /** Stops following the request's cancellation; call it once the work has settled. */
  release(): void;
}

/**
 * A context for a unit of work inside a request (e.g. the parts of one aggregate) that is cancelled either on its
 * own or, with the same reason, when the request is (deadline, client disconnect). Upstream calls made while it is
 * the current context follow its cancellation without any signal being passed around.
 * @example
 * const scoped = scopedContext(ctx);
 * try { await RequestContextStore.run(scoped.ctx, () => work()); } catch (e) { scoped.scope.cancel(e); } finally { scoped.release(); }
 */
export function scopedContext(ctx: RequestContext): ScopedContext {
  let scope: CancelScope;
  let release: () => void;
  if (ctx.cancellation) {
    ({ scope, release } = ctx.cancellation.child());
  } else {
    scope = new CancelScope();
    if (ctx.signal.aborted) scope.cancel(ctx.signal.reason);
    release = scope.aborted ? noop : onCancelled(ctx, (reason) => scope.cancel(reason));
  }
  return { ctx: new ScopedRequestContext(ctx, scope), scope, release };
}

/** The request's context seen through a narrower cancellation; everything else is the request's own. */
class ScopedRequestContext implements RequestContext {
  constructor(
    private readonly parent: RequestContext,
    readonly cancellation: CancelScope,
  ) {}

  get requestId(): string {
    return this.parent.requestId;
  }
  get trace(): TraceContext {
    return this.parent.trace;
  }
  get deadline(): Deadline {
    return this.parent.deadline;
  }
  get signalDeadline(): Deadline | undefined {
    // The request's cancellation fires at that deadline, and this scope follows it.
    return this.parent.signalDeadline;
  }
  get log(): ContextLogger {
    return this.parent.log;
  }
  get principal(): Principal | undefined {
    return this.parent.principal;
  }
  set principal(principal: Principal | undefined) {
    this.parent.principal = principal;
  }
  get signal(): AbortSignal {
    return this.cancellation.signal;
  }
  get degraded(): DegradedPart[] {
    return this.parent.degraded;
  }
}

function noop(): void {}
