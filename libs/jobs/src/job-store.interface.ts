import type { JobRecord } from './job.types';

/** Bounds of {@link JobStore.admit}. */
export interface JobAdmission {
  /** Most active (queued or running) jobs one owner may have. */
  maxActive: number;
  /** How long an active slot is held at most (a job that never reports back frees it then), in milliseconds. */
  slotTtlMs: number;
  /** How long a record and its result are kept after their last write, in milliseconds. */
  retentionMs: number;
}

/**
 * Where job records and results live: Redis when configured (shared by the replicas, so any of them answers
 * `GET` and streams a result another one wrote), memory otherwise. Every key is scoped by owner, so a lookup with
 * another owner finds nothing.
 */
export interface JobStore {
  /** True when records outlive the process (Redis). */
  readonly durable: boolean;
  /**
   * Atomically: when `record.owner` has fewer than `maxActive` active jobs, saves the record and takes a slot
   * for it (true); otherwise saves nothing (false).
   * @throws RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE) for the Redis store while Redis is down
   */
  admit(record: JobRecord, admission: JobAdmission): Promise<boolean>;
  /** The owner's job, or undefined (unknown, expired, or another owner's). */
  get(owner: string, id: string): Promise<JobRecord | undefined>;
  /** Saves the record (one writer at a time: the replica running the job); a final status frees its slot. */
  save(record: JobRecord, retentionMs: number): Promise<void>;
  /** Appends chunks to the result of one attempt. */
  append(record: JobRecord, attempt: string, chunks: readonly string[], retentionMs: number): Promise<void>;
  /** The result of one attempt, chunk by chunk, read as it is consumed. */
  read(record: JobRecord, attempt: string): AsyncIterable<string>;
  /** Drops the result of one attempt (a restarted job's partial result). */
  discard(record: JobRecord, attempt: string): Promise<void>;
}

/** Injection token of the app's {@link JobStore}. */
export const JobStore = Symbol('JobStore');
