import type { UpstreamOptions } from '@bff/downstream';
import { UPSTREAM } from './upstream.types';

/**
 * How the demo apps call the shared services, on top of the URLs from the environment (whose
 * `UPSTREAM_<NAME>_*` variables win): every read is coalesced (keyed by the verified identity, so it is safe
 * for per-user reads too), and catalog product reads are cached as the catalog's `Cache-Control` allows, one
 * entry for every caller (the catalog's answers do not depend on who asks), so they can be served stale while
 * the catalog fails.
 * @example BffPlatformModule.forRoot(config, DEMO_UPSTREAM_TUNING)
 */
export const DEMO_UPSTREAM_TUNING: Record<string, Omit<UpstreamOptions, 'baseUrl'>> = {
  [UPSTREAM.users]: { coalesce: true },
  [UPSTREAM.orders]: { coalesce: true },
  [UPSTREAM.catalog]: { coalesce: true, cache: { routes: ['/products', '/products/*'], shared: true } },
  [UPSTREAM.inventory]: { coalesce: true },
};
