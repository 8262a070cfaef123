import type { Clock } from '@bff/core';
import { contributeHealth, type JsonValue } from '@bff/observability';
import { RedisConnection } from '@bff/redis';
import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { CredentialStrategyRegistry } from '../credential-strategy.registry';
import { JwtStrategy } from '../jwt.strategy';
import { MemoryTokenRevocations } from './memory-token-revocations';
import { RedisTokenRevocations, type RedisTokenRevocationsOptions } from './redis-token-revocations';
import { TOKEN_REVOCATIONS, type TokenRevocations } from './token-revocations';

/** Options of {@link TokenRevocationsModule}. */
export interface TokenRevocationsModuleOptions {
  /** `memory` (this process) or `redis` (shared by replicas; needs `RedisModule`). */
  store: 'memory' | 'redis';
  /** Redis store settings (key, refresh interval, retention). */
  redis?: Omit<RedisTokenRevocationsOptions, 'clock'>;
  clock?: Clock;
}

/**
 * A deny-list of JWT `jti`s for the app's JWT strategy: provides {@link TokenRevocations} (token
 * {@link TOKEN_REVOCATIONS}), makes the JWT strategy refuse revoked tokens (cached ones included), and reports
 * its state under `revocations` in readiness detail. Needs `AuthModule` and, for `redis`, `RedisModule`.
 * @example imports: [TokenRevocationsModule.forRoot({ store: 'redis' })]
 */
@Module({})
export class TokenRevocationsModule implements OnApplicationShutdown {
  constructor(
    registry: CredentialStrategyRegistry,
    @Inject(TOKEN_REVOCATIONS) private readonly revocations: TokenRevocations,
  ) {
    for (const strategy of registry.strategies) {
      if (strategy instanceof JwtStrategy) strategy.refuseRevoked(revocations);
    }
  }

  static forRoot(options: TokenRevocationsModuleOptions): DynamicModule {
    const store: Provider =
      options.store === 'redis'
        ? {
            provide: TOKEN_REVOCATIONS,
            inject: [RedisConnection],
            useFactory: (redis: RedisConnection) => {
              const list = new RedisTokenRevocations(redis, { ...options.redis, clock: options.clock });
              list.start();
              return list;
            },
          }
        : { provide: TOKEN_REVOCATIONS, useFactory: () => new MemoryTokenRevocations(options.clock) };
    return {
      module: TokenRevocationsModule,
      providers: [
        store,
        contributeHealth({
          inject: [TOKEN_REVOCATIONS],
          contribute: function addRevocationsStatus(health, list: TokenRevocations) {
            health.addStatus({ name: 'revocations', state: () => list.state() as JsonValue });
          },
        }),
      ],
      exports: [TOKEN_REVOCATIONS],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.revocations.close();
  }
}
