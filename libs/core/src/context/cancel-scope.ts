/** Listener of a {@link CancelScope}: receives the reason once. */
export type CancelListener = (reason: unknown) => void;

const SCOPE_OF = new WeakMap<AbortSignal, CancelScope>();

/**
 * One-shot cancellation for a request or a unit of work inside it, without an `AbortController` unless somebody
 * asks for a `signal`. Creating an `AbortController` and adding listeners to its `EventTarget` costs several
 * microseconds each on Node 20, and a request would otherwise pay for one per request, one per aggregate and a
 * listener per upstream call; here a listener is an array slot.
 *
 * @example
 * const scope = new CancelScope();
 * const off = scope.onCancel((reason) => socket.destroy(reason as Error));
 * scope.cancel(new DeadlineExceededError('...')); // listeners run once, `scope.signal` (if ever read) aborts
 * off(); // no-op once cancelled
 */
export class CancelScope {
  private listeners: CancelListener[] | undefined = [];
  private controller?: AbortController;
  private cancelled = false;
  private why: unknown;

  /** True once {@link cancel} ran. */
  get aborted(): boolean {
    return this.cancelled;
  }

  /** What {@link cancel} was given; undefined before. */
  get reason(): unknown {
    return this.why;
  }

  /**
   * An `AbortSignal` that aborts with this scope (created on first use, already aborted if the scope is), for
   * APIs that take one, such as `fetch`.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      SCOPE_OF.set(this.controller.signal, this);
      if (this.cancelled) this.controller.abort(this.why);
    }
    return this.controller.signal;
  }

  /**
   * Runs `listener` with the reason when the scope is cancelled (at most once). Returns the function that
   * removes it. Check {@link aborted} first: a listener added after cancellation never runs.
   */
  onCancel(listener: CancelListener): () => void {
    const listeners = this.listeners;
    if (!listeners) return noop;
    listeners.push(listener);
    return () => {
      const i = listeners.indexOf(listener);
      if (i >= 0) listeners.splice(i, 1);
    };
  }

  /** Cancels with `reason`: every listener runs once, then the signal (if created) aborts. Idempotent. */
  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.why = reason;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) {
      try {
        listener(reason);
      } catch {
        // one listener's failure must not keep the others from running
      }
    }
    this.controller?.abort(reason);
  }

  /**
   * A scope cancelled on its own or, with the same reason, when this one is. Call `release()` once the work under
   * it has settled, so this scope forgets it.
   * @example const child = scope.child(); try { await work(child.scope); } finally { child.release(); }
   */
  child(): { scope: CancelScope; release: () => void } {
    const scope = new CancelScope();
    if (this.cancelled) {
      scope.cancel(this.why);
      return { scope, release: noop };
    }
    return { scope, release: this.onCancel((reason) => scope.cancel(reason)) };
  }

  /** The scope behind a signal obtained from {@link signal}, if it came from one. */
  static of(signal: AbortSignal): CancelScope | undefined {
    return SCOPE_OF.get(signal);
  }
}

function noop(): void {}
