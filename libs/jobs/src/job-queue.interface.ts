import type { JobRef } from './job.types';

/** What running one delivered job came to: done (whatever its status), or interrupted to run again elsewhere. */
export type JobOutcome = 'done' | 'interrupted';

/** Runs one job delivered by a queue. */
export type JobProcessor = (ref: JobRef) => Promise<JobOutcome>;

/**
 * Delivers jobs to a processor: BullMQ when Redis is configured (durable: a job survives the process, an
 * interrupted one is handed back and runs again on any replica), in-process otherwise.
 */
export interface JobQueue {
  /** True when a queued job outlives the process. */
  readonly durable: boolean;
  /** Starts delivering jobs to `processor`. */
  start(processor: JobProcessor): void;
  /** Queues a job; it runs after this resolves, never within the caller's request. */
  enqueue(ref: JobRef): Promise<void>;
  /**
   * Stops taking jobs and waits for the running ones (cancel them first); returns the queued jobs that will
   * never run here and, for an in-process queue, nowhere else.
   */
  close(): Promise<JobRef[]>;
}

/** Injection token of the app's {@link JobQueue}. */
export const JobQueue = Symbol('JobQueue');
