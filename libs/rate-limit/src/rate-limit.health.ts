import { contributeHealth } from '@bff/observability';
import { RateLimitStore } from './rate-limit-store.interface';
import { ResilientRateLimitStore } from './stores/resilient-rate-limit.store';

/**
 * The limiter's readiness contribution: with Redis, a non-critical `rate-limit` check (down while the breaker
 * bypasses Redis, so readiness reads `degraded`, not unavailable: requests are still limited locally or, for
 * fail-closed policies, refused with 503) and the breaker's state; without Redis, the state `memory`.
 */
export const rateLimitHealthContribution = contributeHealth({
  inject: [RateLimitStore],
  contribute: function addRateLimitHealth(health, store: RateLimitStore) {
    if (!(store instanceof ResilientRateLimitStore)) {
      health.addStatus({ name: 'rate-limit', state: () => ({ store: 'memory', state: 'healthy' }) });
      return;
    }
    health.addCheck({
      name: 'rate-limit',
      critical: false,
      check: async () => {
        if (store.state === 'open') throw new Error('rate-limit store bypassed');
      },
    });
    health.addStatus({
      name: 'rate-limit',
      state: () => {
        const { state, consecutiveFailures, retryInMs } = store.health();
        return { store: 'redis', state, consecutiveFailures, retryInMs };
      },
    });
  },
});
