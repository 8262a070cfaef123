import { CancelScope, onCancelled, type RequestContext } from '@bff/core';
import { callerAbortFailure, contextAbortFailure, type CallFailure } from './call-failure';

/** A timer bounding one call: its delay in milliseconds and the failure it reports when it fires. */
export interface CallTimer {
  ms: number;
  failure: () => CallFailure;
}

/**
 * What can end one upstream call early, and the failure that explains it: the request's cancellation (deadline,
 * client gone, or the aggregate the call runs in), the caller's own signal, and a timer when the call's budget is
 * shorter than what the request's cancellation already covers. The first to fire aborts the call and is kept.
 *
 * No `AbortController` is created: the request's and aggregates' cancellations are {@link CancelScope}s, whose
 * listeners cost an array slot, and a caller's signal that comes from the same scope is not listened to twice.
 * A caller's foreign `AbortSignal` gets an ordinary listener.
 *
 * @example
 * const cancel = new CallCancellation('users', ctx, opts.signal, undefined);
 * try { await collectResponse(pool, options, cancel, ...); }
 * catch (err) { throw (cancel.failure() ?? classify(err)).error; }
 * finally { cancel.dispose(); }
 */
export class CallCancellation {
  private fired?: CallFailure;
  private abortCall?: (reason: unknown) => void;
  private offContext?: () => void;
  private offCaller?: () => void;
  private handle?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly upstream: string,
    private readonly ctx: RequestContext | undefined,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly timer: CallTimer | undefined,
  ) {}

  /** Starts listening; `abort` ends the call (once) with the reason of whichever source fired first. */
  bind(abort: (reason: unknown) => void): void {
    this.abortCall = abort;
    const { ctx, callerSignal, timer, upstream } = this;
    if (ctx) this.offContext = onCancelled(ctx, () => this.fire(contextAbortFailure(upstream, ctx)));
    if (callerSignal) {
      const scope = CancelScope.of(callerSignal);
      const onCaller = () => this.fire(callerAbortFailure(upstream, callerSignal));
      if (scope) {
        // The aggregate's own signal while running in that aggregate's context: already listened to.
        if (scope !== ctx?.cancellation) this.offCaller = scope.onCancel(onCaller);
      } else {
        callerSignal.addEventListener('abort', onCaller, { once: true });
        this.offCaller = () => callerSignal.removeEventListener('abort', onCaller);
      }
    }
    if (timer) {
      this.handle = setTimeout(() => this.fire(timer.failure()), timer.ms);
      this.handle.unref();
    }
  }

  /** Why the call was aborted, or undefined when nothing fired. */
  failure(): CallFailure | undefined {
    return this.fired;
  }

  /** Clears the timer and listeners; call it once the call has settled. */
  dispose(): void {
    if (this.handle) clearTimeout(this.handle);
    this.offContext?.();
    this.offCaller?.();
    this.abortCall = undefined;
  }

  private fire(failure: CallFailure): void {
    if (this.fired) return;
    this.fired = failure;
    this.abortCall?.(failure.error);
  }
}
