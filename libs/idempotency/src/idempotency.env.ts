import { env, readEnv, type Env, type EnvReader } from '@bff/core';

/** The idempotency slice of a BFF's environment. */
export interface IdempotencyEnvConfig {
  /** `IDEMPOTENCY_TTL_S`: how long (in milliseconds) a completed write is replayed. Default is 86400000 (24 h). */
  ttlMs: number;
  /**
   * `IDEMPOTENCY_LEASE_MS`: how long (in milliseconds) an in-progress claim holds its key when its replica never
   * finishes it (crashed). Keep it above the request deadline. Default is 60000 (1 minute).
   */
  leaseMs: number;
  /** `IDEMPOTENCY_MEMORY_MAX_KEYS`: most records of the in-memory store (without Redis). Default is 10000. */
  memoryMaxKeys: number;
  /**
   * `IDEMPOTENCY_REPLICAS`: replicas that must acknowledge a record (`WAIT`) before the write goes on, so a
   * failover cannot lose it. Undefined (unset) = 1 on a Redis Cluster, 0 on one server.
   */
  replicas?: number;
  /** `IDEMPOTENCY_REPLICA_WAIT_MS`: longest `WAIT` for them, in milliseconds. Default is 100. */
  replicaWaitMs: number;
}

/** Longest TTL accepted: 30 days. */
const MAX_TTL_S = 30 * 86_400;

/** An integer between `min` and `max`, or undefined when unset. */
function optionalInt(min: number, max: number): EnvReader<number | undefined> {
  const read = env.int(undefined, { min, max });
  return (name, raw, problems) => (raw === undefined ? undefined : read(name, raw, problems));
}

/**
 * Reads and validates `IDEMPOTENCY_TTL_S` (1 s .. 30 days, default 86400), `IDEMPOTENCY_LEASE_MS`
 * (1000 .. 3600000, default 60000), `IDEMPOTENCY_MEMORY_MAX_KEYS` (1 .. 10000000, default 10000),
 * `IDEMPOTENCY_REPLICAS` (0 .. 5; unset = 1 on a cluster, 0 on one server) and `IDEMPOTENCY_REPLICA_WAIT_MS`
 * (1 .. 5000, default 100).
 * @example const idempotency = readIdempotencyEnv(process.env); // { ttlMs: 86_400_000, leaseMs: 60_000, ... }
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readIdempotencyEnv(source: Env): IdempotencyEnvConfig {
  const raw = readEnv(source, {
    IDEMPOTENCY_TTL_S: env.int(86_400, { min: 1, max: MAX_TTL_S }),
    IDEMPOTENCY_LEASE_MS: env.int(60_000, { min: 1000, max: 3_600_000 }),
    IDEMPOTENCY_MEMORY_MAX_KEYS: env.int(10_000, { min: 1, max: 10_000_000 }),
    IDEMPOTENCY_REPLICAS: optionalInt(0, 5),
    IDEMPOTENCY_REPLICA_WAIT_MS: env.int(100, { min: 1, max: 5000 }),
  });
  return {
    ttlMs: raw.IDEMPOTENCY_TTL_S * 1000,
    leaseMs: raw.IDEMPOTENCY_LEASE_MS,
    memoryMaxKeys: raw.IDEMPOTENCY_MEMORY_MAX_KEYS,
    ...(raw.IDEMPOTENCY_REPLICAS === undefined ? {} : { replicas: raw.IDEMPOTENCY_REPLICAS }),
    replicaWaitMs: raw.IDEMPOTENCY_REPLICA_WAIT_MS,
  };
}
