import { DeadlineExceededError } from '../errors/core.errors';
import { MAX_TIMER_DELAY_MS, type TimerHandle } from '../time';
import { Deadline } from './deadline';

/** Listener of a {@link CancelScope}: receives the reason once. */
export type CancelListener = (reason: unknown) => void;

/** Options of a {@link CancelScope}. */
export interface CancelScopeOptions {
  /**
   * When the scope cancels itself: a timer on the deadline's clock fires then. Default is
   * {@link Deadline.none} (no timer; only {@link CancelScope.cancel} or a parent ends the scope).
   */
  deadline?: Deadline;
  /**
   * The reason the scope is cancelled with when its deadline passes. Default is a `DeadlineExceededError`
   * saying the work did not complete within the deadline's budget.
   */
  deadlineReason?: (deadline: Deadline) => unknown;
}

/** Options of {@link CancelScope.child}. */
export interface ChildScopeOptions {
  /** A budget (in milliseconds) of its own; the child's deadline is the sooner of it and the parent's. */
  budgetMs?: number;
  /** As {@link CancelScopeOptions.deadlineReason}. Default is the parent's. */
  deadlineReason?: (deadline: Deadline) => unknown;
}

const SCOPE_OF = new WeakMap<AbortSignal, CancelScope>();

/**
 * The one cancellation model of the framework: every context owns a scope, the scope owns its
 * {@link Deadline} and cancels itself when it passes, and a child scope (an aggregate's, a job's) is also
 * cancelled, with the same reason, when its parent is.
 *
 * No `AbortController` is made unless somebody reads {@link signal}: creating one and adding listeners to its
 * `EventTarget` costs several microseconds each on Node 20, and a request would otherwise pay for one per
 * request, per aggregate and a listener per upstream call; here a listener is an array slot.
 *
 * @example
 * const scope = new CancelScope({ deadline: Deadline.after(2000, clock) }); // fires DeadlineExceededError at 2 s
 * const off = scope.onCancel((reason) => socket.destroy(reason as Error));
 * const part = scope.child({ budgetMs: 300 }); // cancelled at 300 ms, or with its parent
 * part.dispose(); // once the part settled: stops its timer and stops following the parent
 */
export class CancelScope {
  /** When this scope cancels itself. */
  readonly deadline: Deadline;
  private listeners: CancelListener[] | undefined = [];
  private controller?: AbortController;
  private cancelled = false;
  private why: unknown;
  private timer?: TimerHandle;
  private offParent?: () => void;
  private readonly deadlineReason?: (deadline: Deadline) => unknown;
  /** The parent whose deadline comes first (or at the same time): it ends this scope, with its reason. */
  private boundBy?: CancelScope;

  constructor(options: CancelScopeOptions = {}, parent?: CancelScope) {
    this.deadline = options.deadline ?? parent?.deadline ?? Deadline.none();
    this.deadlineReason = options.deadlineReason ?? parent?.deadlineReason;
    if (parent) {
      if (parent.cancelled) {
        this.cancel(parent.why);
        return;
      }
      this.offParent = parent.onCancel((reason) => this.cancel(reason));
      // The parent fires at its own deadline, and this scope with it: a timer is only needed when sooner.
      if (this.deadline.expiresAt >= parent.deadline.expiresAt) {
        this.boundBy = parent;
        return;
      }
    }
    this.arm();
  }

  /** True once {@link cancel} ran (by hand, at the deadline or through the parent). */
  get aborted(): boolean {
    return this.cancelled;
  }

  /** What the scope was cancelled with; undefined before. */
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
    const removeCancelListener = (): void => {
      if (this.listeners !== listeners) return; // cancelled: the list is being (or was) run, leave it whole
      const i = listeners.indexOf(listener);
      if (i >= 0) listeners.splice(i, 1);
    };
    return removeCancelListener;
  }

  /** Cancels with `reason`: every listener runs once, then the signal (if created) aborts. Idempotent. */
  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.why = reason;
    this.stop();
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
   * A scope cancelled on its own, at its deadline (the sooner of `budgetMs` and this scope's), or with the same
   * reason when this one is. Call {@link dispose} on it once the work under it has settled.
   * @example const part = scope.child(); try { await work(part); } finally { part.dispose(); }
   */
  child(options: ChildScopeOptions = {}): CancelScope {
    const deadline = options.budgetMs === undefined ? this.deadline : this.deadline.narrow(options.budgetMs);
    return new CancelScope({ deadline, deadlineReason: options.deadlineReason }, this);
  }

  /**
   * Stops the deadline timer and stops following the parent, without cancelling: the work has settled and
   * nothing needs to end it any more. Idempotent.
   */
  dispose(): void {
    this.stop();
  }

  /**
   * The reason this scope is (or would be) cancelled with when its deadline passes: its own `deadlineReason`'s,
   * or its parent's when the parent's deadline ends it. For work that runs apart from the scope but within its
   * deadline (a call shared by several requests), so that its end at that deadline means the same thing.
   * @example createDetachedContext({ budgetMs: scope.deadline.remaining(), deadlineReason: () => scope.expiryReason() })
   */
  expiryReason(): unknown {
    if (this.boundBy) return this.boundBy.expiryReason();
    return this.deadlineReason
      ? this.deadlineReason(this.deadline)
      : new DeadlineExceededError(`The work did not complete within ${this.deadline.budgetMs} ms.`);
  }

  /** The scope behind a signal obtained from {@link signal}, if it came from one. */
  static of(signal: AbortSignal): CancelScope | undefined {
    return SCOPE_OF.get(signal);
  }

  private arm(): void {
    const delay = this.deadline.remaining();
    if (delay > MAX_TIMER_DELAY_MS) return; // no deadline (or one beyond what a timer can wait for)
    if (delay <= 0) {
      this.expire();
      return;
    }
    const cancelAtDeadline = (): void => {
      this.timer = undefined;
      this.expire();
    };
    this.timer = this.deadline.clock.setTimeout(cancelAtDeadline, delay);
  }

  private expire(): void {
    this.cancel(this.expiryReason());
  }

  private stop(): void {
    if (this.timer !== undefined) {
      this.deadline.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.offParent) {
      this.offParent();
      this.offParent = undefined;
    }
  }
}

function noop(): void {}
