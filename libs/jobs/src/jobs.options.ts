import type { Clock } from '@bff/core';
import type { WebhookOptions } from './webhook.sender';

/**
 * Where jobs live: in this process, or in the app's Redis (`RedisModule`: one server or a Redis Cluster), records
 * and results on its connection and a BullMQ queue on connections made from its options.
 */
export type JobsBackend = { kind: 'memory' } | { kind: 'redis' };

/** Options of `JobsModule`. */
export interface JobsModuleOptions {
  /** `redis` needs `RedisModule` imported too (the records use the app's connection; BullMQ opens its own from its options). */
  backend: JobsBackend;
  /** Most active (queued or running) jobs per owner; one more is a 429. Default is 3. */
  maxActivePerOwner?: number;
  /** How long a job's record and result are kept after its last change, in milliseconds. Default is 86400000 (24 h). */
  retentionMs?: number;
  /** Jobs one replica runs at once. Default is 2. */
  concurrency?: number;
  /** Time one run of a job may take, in milliseconds; past it the job fails with `BFF_ERR_DEADLINE_EXCEEDED`. Default is 900000 (15 min). */
  timeoutMs?: number;
  /** BullMQ lock duration, in milliseconds: a crashed replica's job is taken over after it. Default is 30000. */
  lockDurationMs?: number;
  /** Hash-tag prefix of the job store's keys (`{jobs:<owner>}:...`). Default is `jobs`. */
  keyPrefix?: string;
  /** BullMQ key prefix; a hash tag keeps the queue's keys in one Cluster slot (required on a cluster). Default is `{bff-jobs}`. */
  queuePrefix?: string;
  /** Completion webhooks; absent = a `callbackUrl` is refused with 400. */
  webhooks?: WebhookOptions;
  /** Clock of timestamps, deadlines and webhook backoff. Default is the system's. */
  clock?: Clock;
  /** Name of BullMQ's Redis connections. Default is `jobs`. */
  connectionName?: string;
}

/** {@link JobsModuleOptions} with every default applied. */
export type ResolvedJobsOptions = Required<Omit<JobsModuleOptions, 'webhooks'>> &
  Pick<JobsModuleOptions, 'webhooks'>;

/**
 * Applies the defaults and checks every bound.
 * @throws RangeError naming the option
 */
export function resolveJobsOptions(options: JobsModuleOptions, defaultClock: Clock): ResolvedJobsOptions {
  const resolved: ResolvedJobsOptions = {
    maxActivePerOwner: 3,
    retentionMs: 86_400_000,
    concurrency: 2,
    timeoutMs: 900_000,
    lockDurationMs: 30_000,
    keyPrefix: 'jobs',
    queuePrefix: '{bff-jobs}',
    clock: defaultClock,
    connectionName: 'jobs',
    ...stripUndefined(options),
    backend: options.backend,
  };
  for (const name of [
    'maxActivePerOwner',
    'retentionMs',
    'concurrency',
    'timeoutMs',
    'lockDurationMs',
  ] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
