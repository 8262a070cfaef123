import { AsyncResource } from 'node:async_hooks';
import type { JobProcessor, JobQueue } from './job-queue.interface';
import type { JobRef } from './job.types';

/**
 * The in-process {@link JobQueue}: first in, first out, at most `concurrency` jobs at once. Nothing survives
 * the process: on close the queued jobs are returned (to be marked cancelled) and the running ones awaited.
 */
export class InProcessJobQueue implements JobQueue {
  readonly durable = false;
  private readonly waiting: JobRef[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private processor?: JobProcessor;
  private closed = false;
  /** The queue's own async context (its creation's): jobs never run inside the submitting request's context. */
  private readonly scope = new AsyncResource('BffInProcessJobQueue');

  /** @param concurrency most jobs running at once; at least 1 */
  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError('concurrency must be a positive integer');
  }

  start(processor: JobProcessor): void {
    this.processor = processor;
    this.pump();
  }

  async enqueue(ref: JobRef): Promise<void> {
    this.waiting.push(ref);
    // Never within the caller's request (or its async context): the job starts on a later turn.
    setImmediate(() => this.scope.runInAsyncScope(() => this.pump()));
  }

  async close(): Promise<JobRef[]> {
    this.closed = true;
    const never = this.waiting.splice(0);
    await Promise.allSettled([...this.running]);
    return never;
  }

  private pump(): void {
    const processor = this.processor;
    while (processor && !this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const ref = this.waiting.shift()!;
      const run: Promise<unknown> = processor(ref)
        .catch(() => undefined) // the processor records its own failures
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }
}
