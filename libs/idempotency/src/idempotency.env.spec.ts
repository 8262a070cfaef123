import { ConfigError } from '@bff/core';
import { readIdempotencyEnv } from './idempotency.env';

describe('readIdempotencyEnv', () => {
  it('defaults to 24 hours of replay, a one-minute lease, 10000 records in memory, replicas by topology', () => {
    expect(readIdempotencyEnv({})).toEqual({
      ttlMs: 86_400_000,
      leaseMs: 60_000,
      memoryMaxKeys: 10_000,
      replicaWaitMs: 100,
    });
  });

  it('reads each variable, the TTL in seconds', () => {
    expect(
      readIdempotencyEnv({
        IDEMPOTENCY_TTL_S: '3600',
        IDEMPOTENCY_LEASE_MS: '30000',
        IDEMPOTENCY_MEMORY_MAX_KEYS: '500',
        IDEMPOTENCY_REPLICAS: '0',
        IDEMPOTENCY_REPLICA_WAIT_MS: '250',
      }),
    ).toEqual({ ttlMs: 3_600_000, leaseMs: 30_000, memoryMaxKeys: 500, replicas: 0, replicaWaitMs: 250 });
  });

  it('names every bad variable at once', () => {
    const env = {
      IDEMPOTENCY_TTL_S: '0',
      IDEMPOTENCY_LEASE_MS: '10',
      IDEMPOTENCY_MEMORY_MAX_KEYS: 'x',
      IDEMPOTENCY_REPLICAS: '6',
      IDEMPOTENCY_REPLICA_WAIT_MS: '0',
    };
    expect(() => readIdempotencyEnv(env)).toThrow(
      expect.objectContaining({
        code: ConfigError.code,
        problems: [
          'IDEMPOTENCY_TTL_S: must be between 1 and 2592000, got 0',
          'IDEMPOTENCY_LEASE_MS: must be between 1000 and 3600000, got 10',
          'IDEMPOTENCY_MEMORY_MAX_KEYS: must be an integer, got "x"',
          'IDEMPOTENCY_REPLICAS: must be between 0 and 5, got 6',
          'IDEMPOTENCY_REPLICA_WAIT_MS: must be between 1 and 5000, got 0',
        ],
      }),
    );
  });
});
