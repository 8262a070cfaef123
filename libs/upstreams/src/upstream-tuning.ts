import type { UpstreamOptions } from '@bff/downstream';
import { UPSTREAM } from './upstream.types';

/**
 * How the demo apps call the shared services, on top of the URLs from the environment (whose
 * `UPSTREAM_<NAME>_*` variables win): every read is coalesced (keyed by the verified identity, so it is safe
 * for per-user reads too); with `cacheCatalog`, catalog product reads are cached as the catalog's
 * `Cache-Control` allows, one entry for every caller (its answers do not depend on who asks), so screens can be
 * served stale product data, marked degraded, while the catalog fails. The partner API leaves that off: its
 * contract is fresh data or a clear 503.
 * @example BffPlatformModule.forRoot(config, demoUpstreamTuning({ cacheCatalog: true }))
 */
export function demoUpstreamTuning(options: {
  cacheCatalog: boolean;
}): Record<string, Omit<UpstreamOptions, 'baseUrl'>> {
  return {
    [UPSTREAM.users]: { coalesce: true },
    [UPSTREAM.orders]: { coalesce: true },
    [UPSTREAM.catalog]: {
      coalesce: true,
      ...(options.cacheCatalog ? { cache: { routes: ['/products', '/products/*'], shared: true } } : {}),
    },
    [UPSTREAM.inventory]: { coalesce: true },
  };
}
