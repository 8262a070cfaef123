import { contributeHealth, httpReachable } from '@bff/observability';
import { DOWNSTREAM_MODULE_OPTIONS } from './downstream.module-definition';
import type { DownstreamModuleOptions } from './downstream.options';

/**
 * The downstream lib's readiness contribution: one critical check per configured upstream, named after it
 * (`users`, `orders`, ...), passing while the upstream answers HTTP at all. Registered by
 * {@link DownstreamModule}; a no-op in an app without `ObservabilityModule`.
 */
export const downstreamHealthContribution = contributeHealth({
  inject: [DOWNSTREAM_MODULE_OPTIONS],
  contribute: function addUpstreamChecks(health, options: DownstreamModuleOptions) {
    for (const [name, upstream] of Object.entries(options.upstreams)) {
      health.addCheck({ name, check: httpReachable(upstream.baseUrl) });
    }
  },
});
