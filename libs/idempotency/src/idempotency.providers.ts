import { RedisConnection } from '@bff/redis';
import type { FactoryProvider } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store.interface';
import { IDEMPOTENCY_MODULE_OPTIONS } from './idempotency.module-definition';
import type { IdempotencyModuleOptions } from './idempotency.module-options';
import { MemoryIdempotencyStore } from './stores/memory-idempotency.store';
import { RedisIdempotencyStore } from './stores/redis-idempotency.store';

/**
 * The store: Redis on the app's shared connection when there is one (`RedisModule`, i.e. `REDIS_URL` is set),
 * so every replica sees every key; else in memory, bounded, on the module's clock.
 */
export const idempotencyStoreProvider: FactoryProvider<IdempotencyStore> = {
  provide: IdempotencyStore,
  inject: [IDEMPOTENCY_MODULE_OPTIONS, { token: RedisConnection, optional: true }],
  useFactory: function createIdempotencyStore(
    options: IdempotencyModuleOptions,
    redis: RedisConnection | undefined,
  ): IdempotencyStore {
    if (redis) return new RedisIdempotencyStore(redis, { keyPrefix: options.keyPrefix });
    return new MemoryIdempotencyStore({ maxRecords: options.config.memoryMaxKeys, clock: options.clock });
  },
};
