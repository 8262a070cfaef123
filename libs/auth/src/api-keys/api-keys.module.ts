import type { Clock } from '@bff/core';
import { RedisConnection } from '@bff/redis';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Authenticator } from '../authenticator';
import { CredentialStrategyRegistry } from '../credential-strategy.registry';
import { API_KEY_STORE, type ApiKeyRecord, type ApiKeyStore } from './api-key-store.interface';
import { ApiKeyStrategy } from './api-key.strategy';
import { FileApiKeyStore } from './file-api-key.store';
import { MemoryApiKeyStore } from './memory-api-key.store';
import { RedisApiKeyStore } from './redis-api-key.store';

/** Which {@link ApiKeyStore} holds the keys. */
export type ApiKeyStoreChoice =
  | { kind: 'file'; path: string }
  | { kind: 'memory'; records?: readonly ApiKeyRecord[] }
  /** Needs `RedisModule` (the app's shared connection). */
  | { kind: 'redis'; keyPrefix?: string }
  | { kind: 'custom'; store: ApiKeyStore };

/** Options of {@link ApiKeysModule}. */
export interface ApiKeysModuleOptions {
  store: ApiKeyStoreChoice;
  /** See {@link ApiKeyStrategyOptions.cacheMaxAgeMs} (≤ 1000). Default is 1000. */
  cacheMaxAgeMs?: number;
  /** See {@link ApiKeyStrategyOptions.staleMaxAgeMs} (stale-if-error). Default is 60000; 0 turns it off. */
  staleMaxAgeMs?: number;
  /** See {@link ApiKeyStrategyOptions.lastUsedGranularityMs}. Default is one hour. */
  lastUsedGranularityMs?: number;
  clock?: Clock;
}

/**
 * Partner API keys (`X-API-Key`) for a BFF: provides the {@link ApiKeyStore} (token {@link API_KEY_STORE})
 * and registers an {@link ApiKeyStrategy} in `AuthModule`'s {@link CredentialStrategyRegistry}, after JWT.
 * Needs `AuthModule` (as `BffPlatformModule` provides it, globally) and, for the Redis store, `RedisModule`.
 *
 * @example
 * imports: [BffPlatformModule.forRoot(config), ApiKeysModule.forRoot({ store: { kind: 'file', path: 'api-keys.json' } })]
 */
@Module({})
export class ApiKeysModule {
  constructor(registry: CredentialStrategyRegistry, strategy: ApiKeyStrategy) {
    if (!registry.strategies.includes(strategy)) registry.register(strategy);
  }

  static forRoot(options: ApiKeysModuleOptions): DynamicModule {
    return {
      module: ApiKeysModule,
      providers: [
        storeProvider(options.store),
        {
          provide: ApiKeyStrategy,
          inject: [API_KEY_STORE, Authenticator],
          useFactory: (store: ApiKeyStore, authenticator: Authenticator) =>
            new ApiKeyStrategy(store, {
              realm: authenticator.realm,
              cacheMaxAgeMs: options.cacheMaxAgeMs,
              staleMaxAgeMs: options.staleMaxAgeMs,
              lastUsedGranularityMs: options.lastUsedGranularityMs,
              clock: options.clock,
            }),
        },
      ],
      exports: [API_KEY_STORE, ApiKeyStrategy],
    };
  }
}

function storeProvider(choice: ApiKeyStoreChoice): Provider {
  switch (choice.kind) {
    case 'file':
      return { provide: API_KEY_STORE, useFactory: () => new FileApiKeyStore(choice.path) };
    case 'memory':
      return { provide: API_KEY_STORE, useFactory: () => new MemoryApiKeyStore(choice.records) };
    case 'redis':
      return {
        provide: API_KEY_STORE,
        inject: [RedisConnection],
        useFactory: (redis: RedisConnection) => new RedisApiKeyStore(redis, { keyPrefix: choice.keyPrefix }),
      };
    case 'custom':
      return { provide: API_KEY_STORE, useValue: choice.store };
  }
}
