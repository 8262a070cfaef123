import { Agent, request } from 'undici';
import type { ReadinessProbe } from '@bff/observability';

/**
 * The readiness probe of an https upstream with its own CA bundle: passes when `baseUrl` answers HTTP at all
 * over a TLS connection verified against `ca` (the global `fetch` of `httpReachable` trusts only Node's roots).
 * One connection per probe (`reset`), so no socket outlives it.
 * @example health.addCheck({ name: 'users', check: tlsReachable('https://users.internal', caPem) })
 */
export function tlsReachable(baseUrl: string, ca: string): ReadinessProbe {
  const dispatcher = new Agent({ connect: { ca }, pipelining: 0 });
  return async function probeTlsReachable(signal) {
    const res = await request(baseUrl, { method: 'GET', signal, dispatcher, reset: true });
    await res.body.dump();
  };
}
