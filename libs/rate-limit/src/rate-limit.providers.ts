import type { AdmissionStep } from '@bff/core';
import { MetricsService } from '@bff/observability';
import { RedisConnection } from '@bff/redis';
import type { FactoryProvider } from '@nestjs/common';
import { IpShield } from './ip-shield';
import { RATE_LIMIT_MODULE_OPTIONS } from './rate-limit.module-definition';
import type { RateLimitModuleOptions } from './rate-limit.module-options';
import { createPolicyResolver } from './rate-limit.resolve';
import { RateLimitStore } from './rate-limit-store.interface';
import { RateLimitStep } from './rate-limit.step';
import { RateLimiter } from './rate-limiter';
import { RateLimitUsage } from './rate-limit.usage';
import { ShieldReleaseStep, ShieldStep } from './shield.step';
import { MemoryRateLimitStore } from './stores/memory-rate-limit.store';
import { RedisRateLimitStore } from './stores/redis-rate-limit.store';
import { ResilientRateLimitStore } from './stores/resilient-rate-limit.store';

const OPTIONAL_REDIS = { token: RedisConnection, optional: true };
const OPTIONAL_METRICS = { token: MetricsService, optional: true };

/**
 * The store: in memory without Redis; with the app's Redis connection, Redis behind the breaker and the
 * in-memory fallback (each policy's `onStoreFailure` decides what an outage does). The breaker state feeds
 * `bff_rate_limit_store_state`.
 */
export const rateLimitStoreProvider: FactoryProvider<RateLimitStore> = {
  provide: RateLimitStore,
  inject: [RATE_LIMIT_MODULE_OPTIONS, OPTIONAL_REDIS, OPTIONAL_METRICS],
  useFactory: function createRateLimitStore(
    options: RateLimitModuleOptions,
    redis: RedisConnection | undefined,
    metrics: MetricsService | undefined,
  ): RateLimitStore {
    const local = new MemoryRateLimitStore({ clock: options.clock });
    if (redis === undefined) return local;
    metrics?.setRateLimitStoreState('healthy');
    return new ResilientRateLimitStore(
      new RedisRateLimitStore(redis.client, { keyPrefix: options.keyPrefix }),
      local,
      {
        clock: options.clock,
        timeoutMs: options.config.storeTimeoutMs,
        coolDownMs: options.config.storeCoolDownMs,
        onStateChange: (health) => metrics?.setRateLimitStoreState(health.state),
      },
    );
  },
};

/** The limiter the step and the GraphQL plugin charge through, reporting to the app's metrics. */
export const rateLimiterProvider: FactoryProvider<RateLimiter> = {
  provide: RateLimiter,
  inject: [RATE_LIMIT_MODULE_OPTIONS, RateLimitStore, OPTIONAL_METRICS],
  useFactory: function createRateLimiter(
    options: RateLimitModuleOptions,
    store: RateLimitStore,
    metrics: MetricsService | undefined,
  ): RateLimiter {
    return new RateLimiter(store, {
      legacyHeaders: options.config.legacyHeaders,
      localStore: store instanceof MemoryRateLimitStore,
      observer: metrics && {
        decision: (policy, outcome) => metrics.recordRateLimitDecision(policy, outcome),
        storeDuration: (store, ms) => metrics.recordRateLimitStore(store, ms),
      },
    });
  },
};

/** The principal-limit admission step, policies resolved once per route and tier. */
export const rateLimitStepProvider: FactoryProvider<RateLimitStep> = {
  provide: RateLimitStep,
  inject: [RATE_LIMIT_MODULE_OPTIONS, RateLimiter],
  useFactory: (options: RateLimitModuleOptions, limiter: RateLimiter) =>
    new RateLimitStep(limiter, createPolicyResolver(options.config.defaults, options.config.tiers)),
};

/** The callers' quota use, for usage endpoints: the same store and policies as the limit step. */
export const rateLimitUsageProvider: FactoryProvider<RateLimitUsage> = {
  provide: RateLimitUsage,
  inject: [RATE_LIMIT_MODULE_OPTIONS, RateLimitStore],
  useFactory: (options: RateLimitModuleOptions, store: RateLimitStore) =>
    new RateLimitUsage(
      store,
      createPolicyResolver(options.config.defaults, options.config.tiers),
      options.config.enabled,
    ),
};

/** The shield's two admission steps (before and right after authentication), or none when it is off. */
export const SHIELD_STEPS = Symbol('bff.rateLimit.shieldSteps');

/** Provides {@link SHIELD_STEPS}: empty when `RATE_LIMIT_SHIELD_PER_MIN` is 0. */
export const shieldStepsProvider: FactoryProvider<readonly AdmissionStep[]> = {
  provide: SHIELD_STEPS,
  inject: [RATE_LIMIT_MODULE_OPTIONS],
  useFactory: function createShieldSteps(options: RateLimitModuleOptions): readonly AdmissionStep[] {
    const { shield, legacyHeaders } = options.config;
    if (shield === false) return [];
    const ipShield = new IpShield({ ...shield, clock: options.clock });
    return [new ShieldStep(ipShield, { legacyHeaders }), new ShieldReleaseStep(ipShield)];
  },
};
