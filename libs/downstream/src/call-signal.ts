import { isRequestBound, type RequestContext } from '@bff/core';
import { callerAbortFailure, contextAbortFailure, type CallFailure } from './call-failure';

/** A timer bounding one call: its delay in milliseconds and the failure it reports when it fires. */
export interface CallTimer {
  ms: number;
  failure: () => CallFailure;
}

/**
 * The abort signal of one upstream call and the failure that explains why it fired.
 *
 * When only the request's signal can end the call (no caller signal, or one bound to the request, and no
 * timer sooner than the request's own), that signal goes to undici as is: no controller, listener or timer per call, which matters because
 * creating an `AbortSignal` costs microseconds in Node. Otherwise a controller combines the request's signal,
 * the caller's and the timer, and keeps the failure of whichever fired first.
 *
 * @example
 * const abort = new CallSignal('users', ctx, opts.signal, undefined);
 * try { await pool.request({ ..., signal: abort.signal }); }
 * catch (err) { throw (abort.failure() ?? classify(err)).error; }
 * finally { abort.dispose(); }
 */
export class CallSignal {
  /** The signal to hand to undici; undefined when nothing can abort the call. */
  readonly signal: AbortSignal | undefined;
  private fired?: CallFailure;
  private release?: () => void;
  private callerSignal?: AbortSignal;

  /** The signal for a call to `upstream` under `ctx`, also aborted by `callerSignal` and `timer` when given. */
  constructor(
    private readonly upstream: string,
    private readonly ctx: RequestContext | undefined,
    callerSignal: AbortSignal | undefined,
    timer: CallTimer | undefined,
  ) {
    if (!timer && (!callerSignal || isRequestBound(callerSignal))) {
      // The caller's signal (an aggregate's, say) already fires whenever the request's does.
      this.signal = callerSignal ?? ctx?.signal;
      this.callerSignal = callerSignal;
      return;
    }
    const controller = new AbortController();
    const abortWith = (failure: CallFailure) => {
      if (controller.signal.aborted) return;
      this.fired = failure;
      controller.abort(failure.error);
    };
    const onContextAbort = () => abortWith(contextAbortFailure(upstream, ctx!));
    const onCallerAbort = () => abortWith(callerAbortFailure(upstream, callerSignal!));
    ctx?.signal.addEventListener('abort', onContextAbort, { once: true });
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const handle = timer ? setTimeout(() => abortWith(timer.failure()), timer.ms) : undefined;
    handle?.unref();
    this.signal = controller.signal;
    this.release = () => {
      if (handle) clearTimeout(handle);
      ctx?.signal.removeEventListener('abort', onContextAbort);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    };
  }

  /** Why the call was aborted through this signal, or undefined when it was not. */
  failure(): CallFailure | undefined {
    if (this.fired) return this.fired;
    if (this.release) return undefined;
    // A signal handed over as is: the request's reason says whether the deadline passed or the client left;
    // otherwise the caller cancelled (e.g. a sibling required part failed).
    if (this.ctx?.signal.aborted) return contextAbortFailure(this.upstream, this.ctx);
    if (this.callerSignal?.aborted) return callerAbortFailure(this.upstream, this.callerSignal);
    return undefined;
  }

  /** Clears the timer and listeners; call it once the call has settled. */
  dispose(): void {
    this.release?.();
  }
}
