import {
  contributeHealth,
  type HealthRegistry,
  MetricsService,
  statusColumns,
  statusFormat,
} from '@bff/observability';
import { RateLimitStore } from './rate-limit-store.interface';
import { ResilientRateLimitStore } from './stores/resilient-rate-limit.store';

/**
 * The limiter's readiness contribution: with Redis, a non-critical `rate-limit` check (down while the breaker
 * bypasses Redis, so readiness reads `degraded`, not unavailable: requests are still limited locally or, for
 * fail-closed policies, refused with 503) and the breaker's state; without Redis, the state `memory`. On the
 * status page, the panel `rate-limits`: decisions per policy and outcome over the status window, and the store.
 */
export const rateLimitHealthContribution = contributeHealth({
  inject: [RateLimitStore, { token: MetricsService, optional: true }],
  contribute: function addRateLimitHealth(
    health,
    store: RateLimitStore,
    metrics: MetricsService | undefined,
  ) {
    if (metrics) addRateLimitPanel(health, store, metrics);
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

/** The `rate-limits` panel: each policy's decisions over the status window; the store's state as its note. */
function addRateLimitPanel(health: HealthRegistry, store: RateLimitStore, metrics: MetricsService): void {
  health.addPanel({
    name: 'rate-limits',
    title: 'Rate limits',
    order: 30,
    panel: () => {
      const shared = store instanceof ResilientRateLimitStore ? store.health() : undefined;
      return {
        columns: statusColumns({
          policy: 'policy',
          rate: 'decisions',
          allowed: 'allowed',
          limited: 'limited (429)',
          failOpen: 'local (store down)',
          failClosed: 'refused (store down)',
        }),
        rows: metrics.rateLimitStats().map(({ policy, outcomes, ratePerSec }) => ({
          id: policy,
          tone:
            outcomes.fail_closed > 0 ? 'bad' : outcomes.fail_open > 0 || outcomes.limited > 0 ? 'warn' : 'ok',
          cells: {
            policy,
            rate: statusFormat.rate(ratePerSec),
            allowed: outcomes.allowed,
            limited: outcomes.limited,
            failOpen: outcomes.fail_open,
            failClosed: outcomes.fail_closed,
          },
        })),
        note: shared
          ? `store: redis, ${shared.state}${shared.state === 'open' ? `, probed again in ${statusFormat.ms(shared.retryInMs)}` : ''}`
          : 'store: memory (this process only)',
      };
    },
  });
}
