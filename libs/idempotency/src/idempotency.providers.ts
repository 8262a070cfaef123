import { RedisConnection } from '@bff/redis';
import type { FactoryProvider } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store.interface';
import { IDEMPOTENCY_MODULE_OPTIONS } from './idempotency.module-definition';
import type { IdempotencyModuleOptions } from './idempotency.module-options';
import { MemoryIdempotencyStore } from './stores/memory-idempotency.store';
import { RedisIdempotencyStore } from './stores/redis-idempotency.store';

/**
 * The store: Redis on the app's shared connection when there is one (`RedisModule`, i.e. `REDIS_URL` or
 * `REDIS_CLUSTER_NODES` is set), so every replica sees every key, each record acknowledged by `config.replicas`
 * replicas (default 1 on a cluster, 0 on one server); else in memory, bounded, on the module's clock.
 */
export const idempotencyStoreProvider: FactoryProvider<IdempotencyStore> = {
  provide: IdempotencyStore,
  inject: [IDEMPOTENCY_MODULE_OPTIONS, { token: RedisConnection, optional: true }],
  useFactory: function createIdempotencyStore(
    options: IdempotencyModuleOptions,
    redis: RedisConnection | undefined,
  ): IdempotencyStore {
    if (redis) {
      const { replicas = redis.options.cluster ? 1 : 0, replicaWaitMs } = options.config;
      return new RedisIdempotencyStore(redis, {
        keyPrefix: options.keyPrefix,
        replicas,
        replicaWaitMs,
        clock: options.clock,
      });
    }
    return new MemoryIdempotencyStore({ maxRecords: options.config.memoryMaxKeys, clock: options.clock });
  },
};
