import { systemClock } from '@bff/core';
import {
  contributeHealth,
  statusColumns,
  statusFormat,
  type JsonValue,
  type StatusRow,
} from '@bff/observability';
import { Authenticator } from './authenticator';
import type { JwtStrategyState } from './jwt.strategy';

/**
 * The auth lib's readiness contribution, registered by `AuthModule`: a `keys` check that passes when every
 * strategy can verify now (for JWT: each issuer's key set is fresh or can be fetched), and the strategies' state
 * (key-set freshness, cooldown, last fetch, last error) as a status contributor and, on the status page, the
 * panel `keys` (each issuer's key set; a failure shows which fetch failed and when, never its message).
 *
 * Not critical: every replica depends on the same identity provider, so taking one out of rotation cannot help,
 * and tokens verified earlier are still answered from the verified-token cache.
 */
export const authHealthContribution = contributeHealth({
  inject: [Authenticator],
  contribute: function addAuthHealth(health, authenticator: Authenticator) {
    health.addCheck({ name: 'keys', critical: false, check: () => authenticator.checkReady() });
    // The state is plain data (strings, numbers, booleans, nested records), as a status contributor returns.
    health.addStatus({ name: 'auth', state: () => authenticator.state() as unknown as JsonValue });
    health.addPanel({
      name: 'keys',
      title: 'Identity providers (JWKS)',
      order: 40,
      panel: () => ({
        columns: statusColumns({
          issuer: 'issuer',
          state: 'key set',
          keys: 'keys',
          fetched: 'last fetch',
          failed: 'last failure',
        }),
        rows: keySetRows(authenticator),
      }),
    });
  },
});

/** One row per trusted issuer of the JWT strategy. */
function keySetRows(authenticator: Authenticator): StatusRow[] {
  const jwt = authenticator.state().strategies.find((s) => s.name === 'jwt')?.state as
    JwtStrategyState | undefined;
  const now = systemClock.epochMs();
  return (jwt?.issuers ?? []).map((issuer) => {
    const failing = issuer.lastError !== undefined && (issuer.lastFetchAt ?? 0) < issuer.lastError.at;
    const state = !issuer.located
      ? 'not located'
      : issuer.fresh
        ? 'fresh'
        : issuer.keys > 0
          ? 'stale'
          : 'none';
    return {
      id: issuer.issuer,
      tone: failing || issuer.keys === 0 ? 'bad' : issuer.fresh ? 'ok' : 'warn',
      cells: {
        issuer: issuer.issuer,
        state: `${state}${issuer.reloading ? ', fetching' : ''}${issuer.coolingDown ? ', cooling down' : ''}`,
        keys: issuer.keys,
        fetched: issuer.lastFetchAt === undefined ? null : statusFormat.ago(now - issuer.lastFetchAt),
        failed: issuer.lastError
          ? `${issuer.lastError.during}, ${statusFormat.ago(now - issuer.lastError.at)}`
          : null,
      },
    };
  });
}
