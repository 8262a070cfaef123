import { AdmissionRegistry, type AdmissionStep } from '@bff/core';
import { Inject, Module } from '@nestjs/common';
import { rateLimitHealthContribution } from './rate-limit.health';
import { ConfigurableModuleClass, RATE_LIMIT_MODULE_OPTIONS } from './rate-limit.module-definition';
import type { RateLimitModuleOptions } from './rate-limit.module-options';
import {
  rateLimiterProvider,
  rateLimitStepProvider,
  rateLimitStoreProvider,
  rateLimitUsageProvider,
  SHIELD_STEPS,
  shieldStepsProvider,
} from './rate-limit.providers';
import { RateLimitStep } from './rate-limit.step';
import { RateLimiter } from './rate-limiter';
import { RateLimitUsage } from './rate-limit.usage';
import { RateLimitStore } from './rate-limit-store.interface';

/**
 * Rate limiting for a BFF, on every request, REST and GraphQL alike. Registers its admission steps in the app's
 * {@link AdmissionRegistry} (provided by `AuthModule`): the per-IP shield before authentication (and its release
 * right after it) and the principal's limits. The store is in memory without `RedisModule`, else Redis (one `EVALSHA` per
 * decision) behind a breaker with the in-memory fallback, on the app's shared Redis connection. Metrics go to
 * `MetricsService` and readiness to the `HealthRegistry` when `ObservabilityModule` is there. With
 * `config.enabled` false nothing is registered. GraphQL apps add {@link rateLimitGraphQLPlugin} to Apollo.
 *
 * @example
 * RateLimitModule.forRoot({ config: readRateLimitEnv(process.env, { perMinute: 300, burst: 50 }) })
 * @throws ConfigError (BFF_ERR_CONFIG) from `readRateLimitEnv` before the module is built.
 */
@Module({
  providers: [
    rateLimitStoreProvider,
    rateLimiterProvider,
    rateLimitStepProvider,
    shieldStepsProvider,
    rateLimitUsageProvider,
    rateLimitHealthContribution,
  ],
  exports: [RateLimitStore, RateLimiter, RateLimitUsage],
})
export class RateLimitModule extends ConfigurableModuleClass {
  constructor(
    admission: AdmissionRegistry,
    @Inject(RATE_LIMIT_MODULE_OPTIONS) options: RateLimitModuleOptions,
    step: RateLimitStep,
    @Inject(SHIELD_STEPS) shield: readonly AdmissionStep[],
  ) {
    super();
    if (!options.config.enabled) return;
    for (const step of shield) admission.register(step);
    admission.register(step);
  }
}
