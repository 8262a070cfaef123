import { systemClock, type Clock } from '@bff/core';
import type { RedisConnection } from '@bff/redis';
import type { JobAdmission, JobStore } from './job-store.interface';
import { ACTIVE_JOB_STATUSES, type JobRecord } from './job.types';

/**
 * Admission in one round trip: drop lapsed slots, refuse at the bound, else take a slot and save the record.
 * KEYS: active slots (sorted set, score = when the slot lapses), record. ARGV: now (epoch ms), max active,
 * slot lapses at, job id, record JSON, retention (ms), slot TTL (ms).
 */
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6])
return 1
`;

/** Chunks one `LRANGE` reads while a result streams. */
const READ_BATCH = 16;

/** Options of {@link RedisJobStore}. */
export interface RedisJobStoreOptions {
  /** First part of every key's hash tag: `{<prefix>:<owner>}`. Default is `jobs`. */
  keyPrefix?: string;
  /** Clock of the admission's slot lapses (epoch milliseconds, shared by the replicas). Default is the system's. */
  clock?: Clock;
}

/**
 * The {@link JobStore} in Redis, shared by the replicas. An owner's keys share the hash tag `{jobs:<owner>}`
 * (record `…:job:<id>`, active slots `…:active`, result `…:result:<id>:<attempt>`), so the admission script
 * works on Redis Cluster and another owner's lookup cannot reach them. Every key expires (`retentionMs` after
 * its last write).
 */
export class RedisJobStore implements JobStore {
  readonly durable = true;
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(
    private readonly redis: RedisConnection,
    options: RedisJobStoreOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'jobs';
    this.clock = options.clock ?? systemClock;
  }

  async admit(record: JobRecord, admission: JobAdmission): Promise<boolean> {
    const now = this.clock.epochMs();
    const admitted = await this.redis.run((client) =>
      client.eval(
        ADMIT,
        2,
        this.key(record.owner, 'active'),
        this.key(record.owner, `job:${record.id}`),
        now,
        admission.maxActive,
        now + admission.slotTtlMs,
        record.id,
        JSON.stringify(record),
        admission.retentionMs,
        admission.slotTtlMs,
      ),
    );
    return admitted === 1;
  }

  async get(owner: string, id: string): Promise<JobRecord | undefined> {
    const raw = await this.redis.run((client) => client.get(this.key(owner, `job:${id}`)));
    return raw === null ? undefined : (JSON.parse(raw) as JobRecord);
  }

  async save(record: JobRecord, retentionMs: number): Promise<void> {
    await this.redis.run((client) => {
      const tx = client
        .multi()
        .set(this.key(record.owner, `job:${record.id}`), JSON.stringify(record), 'PX', retentionMs);
      if (!ACTIVE_JOB_STATUSES.has(record.status)) tx.zrem(this.key(record.owner, 'active'), record.id);
      return tx.exec();
    });
  }

  async append(
    record: JobRecord,
    attempt: string,
    chunks: readonly string[],
    retentionMs: number,
  ): Promise<void> {
    if (chunks.length === 0) return;
    const key = this.resultKey(record, attempt);
    await this.redis.run((client) =>
      client
        .multi()
        .rpush(key, ...chunks)
        .pexpire(key, retentionMs)
        .exec(),
    );
  }

  async *read(record: JobRecord, attempt: string): AsyncIterable<string> {
    const key = this.resultKey(record, attempt);
    for (let start = 0; ; start += READ_BATCH) {
      const chunks = await this.redis.run((client) => client.lrange(key, start, start + READ_BATCH - 1));
      yield* chunks;
      if (chunks.length < READ_BATCH) return;
    }
  }

  async discard(record: JobRecord, attempt: string): Promise<void> {
    await this.redis.run((client) => client.del(this.resultKey(record, attempt)));
  }

  private resultKey(record: JobRecord, attempt: string): string {
    return this.key(record.owner, `result:${record.id}:${attempt}`);
  }

  /** `{<prefix>:<owner>}:<rest>`; the owner is percent-encoded, so it can never close the hash tag. */
  private key(owner: string, rest: string): string {
    return `{${this.prefix}:${encodeURIComponent(owner)}}:${rest}`;
  }
}
