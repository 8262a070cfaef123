/** Where a job is: `queued` and `running` are active (they count against the owner's bound), the rest final. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The statuses that hold one of the owner's active-job slots. */
export const ACTIVE_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['queued', 'running']);

/** How far a running job got: `done` units of `total` (when the handler knows it). */
export interface JobProgress {
  done: number;
  total?: number;
}

/** Why a job failed or was cancelled: a catalog code and a detail safe to show its owner. */
export interface JobFailure {
  code: string;
  detail: string;
}

/** Delivery state of the completion webhook. */
export interface WebhookState {
  /** True once the receiver answered 2xx. */
  delivered: boolean;
  /** Attempts made so far. */
  attempts: number;
  /** HTTP status of the last attempt; absent when it got no answer. */
  lastStatus?: number;
}

/** What the store keeps about one job; `owner` is the principal it belongs to and the only one who sees it. */
export interface JobRecord {
  id: string;
  owner: string;
  kind: string;
  input: unknown;
  status: JobStatus;
  progress: JobProgress;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /** The attempt whose result is being (or was) written; each (re)start of a job is a new attempt. */
  attempt?: string;
  /** Size and media type of the result, once the job succeeded. */
  result?: { lines: number; bytes: number; contentType: string };
  error?: JobFailure;
  /** Where the completion webhook goes (already checked against the allow-list). */
  callbackUrl?: string;
  webhook?: WebhookState;
}

/** Identifies a job to a queue: the store's key needs both. */
export interface JobRef {
  id: string;
  owner: string;
}

/** What a handler gets to do its work. */
export interface JobRun<I = unknown> {
  readonly id: string;
  readonly owner: string;
  readonly input: I;
  /** Aborts when the job is cancelled (shutdown, timeout); upstream calls made by the handler follow it anyway. */
  readonly signal: AbortSignal;
  /** Appends one line (without its newline) to the result; buffered, written in chunks. */
  write(line: string): Promise<void>;
  /** Reports progress; readable at once by `GET` on the job. */
  progress(done: number, total?: number): Promise<void>;
}

/**
 * One kind of job: registered with `JobsService.register`, run by whichever replica takes the job. A handler
 * must be restartable: with a durable queue, a job interrupted by a shutdown runs again from the start elsewhere,
 * its partial result discarded.
 * @example
 * jobs.register({ kind: 'orders-export', contentType: 'application/x-ndjson', run: async (job) => { ... } });
 */
export interface JobHandler<I = unknown> {
  kind: string;
  /** Media type of the result, e.g. `application/x-ndjson`. */
  contentType: string;
  run(job: JobRun<I>): Promise<void>;
}
