import { CancelScope, type Clock, type RequestContext, type TimerHandle } from '@bff/core';
import { callerAbortFailure, contextAbortFailure, type CallFailure } from './call-failure';

/**
 * What can end one upstream call early, and the failure that explains it: the context's cancellation (deadline,
 * client gone, or the aggregate the call runs in), the caller's own signal, and the call's own timer when its
 * budget is shorter than what the context's cancellation covers (armed by the deadline policy). The first to fire
 * aborts every attempt in flight and is kept; attempts bound later are aborted at once.
 *
 * No `AbortController` is created: contexts' cancellations are {@link CancelScope}s, whose listeners cost an
 * array slot, and a caller's signal that comes from the same scope is not listened to twice. A caller's foreign
 * `AbortSignal` gets an ordinary listener. Listening starts with the first attempt.
 *
 * @example
 * const cancel = new CallCancellation(ctx, opts.signal);
 * try { await collectResponse(pool, options, cancel, ...); }
 * catch (err) { throw (cancel.failure() ?? classify(call, err)).error; }
 * finally { cancel.dispose(); }
 */
export class CallCancellation {
  private fired?: CallFailure;
  private attempts: ((reason: unknown) => void)[] = [];
  private listening = false;
  private offContext?: () => void;
  private offCaller?: () => void;
  private timer?: { clock: Clock; handle: TimerHandle };

  constructor(
    private readonly ctx: RequestContext | undefined,
    private readonly callerSignal: AbortSignal | undefined,
  ) {}

  /** Binds one attempt: `abort` ends it (once) with the reason of whichever source fired first. */
  bind(abort: (reason: unknown) => void): void {
    if (!this.listening) this.listen();
    if (this.fired) abort(this.fired.error);
    else this.attempts.push(abort);
  }

  /** Ends the call after `ms` milliseconds on `clock` with `failure()`; one timer per call. */
  arm(clock: Clock, ms: number, failure: () => CallFailure): void {
    if (this.timer || this.fired) return;
    const callTimedOut = (): void => {
      this.timer = undefined;
      this.fire(failure());
    };
    this.timer = { clock, handle: clock.setTimeout(callTimedOut, ms) };
  }

  /** Ends the call (every attempt in flight, and later ones) with `failure`, unless something fired already. */
  fire(failure: CallFailure): void {
    if (this.fired) return;
    this.fired = failure;
    const attempts = this.attempts;
    this.attempts = [];
    for (const abort of attempts) abort(failure.error);
  }

  /** Why the call was ended, or undefined when nothing fired. */
  failure(): CallFailure | undefined {
    return this.fired;
  }

  /** Clears the timer and listeners; call it once the call has settled. */
  dispose(): void {
    if (this.timer) this.timer.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
    this.offContext?.();
    this.offCaller?.();
    this.attempts = [];
  }

  private listen(): void {
    this.listening = true;
    const { ctx, callerSignal } = this;
    if (ctx) {
      const scope = ctx.cancellation;
      if (scope.aborted) this.fire(contextAbortFailure(ctx));
      else this.offContext = scope.onCancel(() => this.fire(contextAbortFailure(ctx)));
    }
    if (callerSignal) {
      const scope = CancelScope.of(callerSignal);
      // The signal of the very context the call runs in: already listened to.
      if (scope && scope === ctx?.cancellation) return;
      const onCaller = () => this.fire(callerAbortFailure(callerSignal));
      if (callerSignal.aborted) onCaller();
      else if (scope) this.offCaller = scope.onCancel(onCaller);
      else {
        callerSignal.addEventListener('abort', onCaller, { once: true });
        this.offCaller = () => callerSignal.removeEventListener('abort', onCaller);
      }
    }
  }
}
