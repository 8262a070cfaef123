import { Module } from '@nestjs/common';
import { RedisConnection } from './redis.connection';
import { redisHealthContribution } from './redis.health';
import { ConfigurableModuleClass, REDIS_MODULE_OPTIONS } from './redis.module-definition';
import type { RedisModuleOptions } from './redis.options';

/**
 * One Redis connection for the whole app (global): inject {@link RedisConnection}. It connects when the
 * app starts without waiting for Redis, is part of `/health/ready` (with `ObservabilityModule`), and
 * quits on shutdown. Import it only when Redis is configured; without it, libs use in-memory stores.
 * @example
 * RedisModule.forRoot({ url: config.redis.url, connectionName: 'mobile-bff' })
 * @throws ConfigError (BFF_ERR_CONFIG) at startup when the options are invalid
 */
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [REDIS_MODULE_OPTIONS],
      useFactory: function createRedisConnection(options: RedisModuleOptions): RedisConnection {
        return new RedisConnection(options);
      },
    },
    redisHealthContribution,
  ],
  exports: [RedisConnection],
})
export class RedisModule extends ConfigurableModuleClass {}
