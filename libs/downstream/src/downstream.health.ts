import { contributeHealth, httpReachable, type JsonValue } from '@bff/observability';
import { DOWNSTREAM_MODULE_OPTIONS } from './downstream.module-definition';
import type { DownstreamModuleOptions } from './downstream.options';
import { DownstreamRegistry } from './downstream.registry';
import { tlsReachable } from './tls/tls-reachable.check';

/** What the `circuits` check rejects with while a breaker is open (its code is the check's `error`). */
class CircuitsOpen extends Error {
  readonly code = 'CIRCUIT_OPEN';
}

/**
 * The downstream lib's readiness contribution: one critical check per configured upstream, named after it
 * (`users`, `orders`, ...), passing while the upstream answers HTTP at all; one non-critical check `circuits`,
 * down (readiness `degraded`, not unavailable) while any breaker is open; and the status `downstream`: every
 * upstream's breakers, bulkheads and retry budget. Registered by {@link DownstreamModule}; a no-op in an app
 * without `ObservabilityModule`.
 */
export const downstreamHealthContribution = contributeHealth({
  inject: [DOWNSTREAM_MODULE_OPTIONS, DownstreamRegistry],
  contribute: function addUpstreamChecks(
    health,
    options: DownstreamModuleOptions,
    downstream: DownstreamRegistry,
  ) {
    for (const [name, upstream] of Object.entries(options.upstreams)) {
      const check = upstream.ca
        ? tlsReachable(upstream.baseUrl, upstream.ca)
        : httpReachable(upstream.baseUrl);
      health.addCheck({ name, check });
    }
    const resilience = downstream.resilience;
    if (Object.values(options.upstreams).some((upstream) => upstream.breaker !== false))
      health.addCheck({
        name: 'circuits',
        critical: false,
        check: async function noOpenCircuit() {
          if (resilience.openBreakers().length > 0) throw new CircuitsOpen();
        },
      });
    health.addStatus({ name: 'downstream', state: () => resilience.snapshot() as unknown as JsonValue });
  },
});
