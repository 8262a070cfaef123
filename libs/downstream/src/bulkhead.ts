import type { CallCancellation } from './call-cancellation';

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  done: boolean;
}

/** A bulkhead's readable state. */
export interface BulkheadSnapshot {
  active: number;
  queued: number;
  maxConcurrent: number;
  maxQueue: number;
  /** Calls refused since start. */
  rejected: number;
}

/**
 * At most `maxConcurrent` attempts in flight to one upstream (or operation), and at most `maxQueue` more waiting
 * for a slot; any further one is refused at once, so a slow upstream holds a bounded share of sockets and of the
 * BFF's requests. A waiter leaves the queue when its call is cancelled (deadline, client gone). The fast path is
 * a counter: no allocation unless a call has to wait.
 * @example
 * if (!bulkhead.tryEnter()) await (bulkhead.wait(call.cancellation) ?? Promise.reject(overloaded));
 * try { return await next(call); } finally { bulkhead.leave(); }
 */
export class Bulkhead {
  private active = 0;
  private rejected = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly name: string,
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}

  /** Takes a slot if one is free. */
  tryEnter(): boolean {
    if (this.active >= this.maxConcurrent) return false;
    this.active++;
    return true;
  }

  /**
   * Queues for a slot: resolves once the slot is handed over (the caller then owns it and must `leave()`), rejects
   * with the cancellation's error when the call is cancelled while waiting; undefined (counted as rejected) when
   * the queue is full.
   */
  wait(cancellation: CallCancellation): Promise<void> | undefined {
    if (this.queue.length >= this.maxQueue) {
      this.rejected++;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, done: false };
      this.queue.push(waiter);
      const queue = this.queue;
      cancellation.bind(function leaveQueue(reason) {
        if (waiter.done) return;
        waiter.done = true;
        queue.splice(queue.indexOf(waiter), 1);
        reject(reason);
      });
    });
  }

  /** Gives the slot back, or hands it to the first waiter. */
  leave(): void {
    const next = this.queue.shift();
    if (!next) {
      this.active--;
      return;
    }
    next.done = true;
    next.resolve();
  }

  snapshot(): BulkheadSnapshot {
    const { active, maxConcurrent, maxQueue, rejected } = this;
    return { active, queued: this.queue.length, maxConcurrent, maxQueue, rejected };
  }
}
