import { contributeHealth } from '@bff/observability';
import { RedisConnection } from './redis.connection';

/**
 * The Redis lib's readiness contribution: a `PING` check (non-critical by default) and the connection's
 * state as a status contributor, both named `redis` unless configured otherwise. Registered by `RedisModule`.
 */
export const redisHealthContribution = contributeHealth({
  inject: [RedisConnection],
  contribute: function addRedisHealth(health, redis: RedisConnection) {
    const readiness = redis.options.readiness;
    if (readiness === false) return;
    health.addCheck({
      name: readiness.name,
      critical: readiness.critical,
      timeoutMs: readiness.timeoutMs,
      check: () => redis.ping(),
    });
    health.addStatus({ name: readiness.name, state: () => ({ ...redis.health() }) });
  },
});
