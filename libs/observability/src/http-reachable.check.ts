import type { ReadinessProbe } from './health.types';

/**
 * A readiness probe that passes when `baseUrl` answers HTTP at all (any status): the dependency is up and
 * reachable; whether a given path exists is not its concern. The registry's signal bounds it; `timeoutMs`
 * adds a bound of its own.
 * @example health.addCheck({ name: 'users', check: httpReachable('http://127.0.0.1:4001') })
 */
export function httpReachable(baseUrl: string, timeoutMs?: number): ReadinessProbe {
  return async function probeHttpReachable(signal) {
    const bounded =
      timeoutMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    const res = await fetch(baseUrl, { method: 'GET', signal: bounded });
    await res.body?.cancel();
  };
}
