import { contributeHealth, type JsonValue } from '@bff/observability';
import { Authenticator } from './authenticator';

/**
 * The auth lib's readiness contribution, registered by `AuthModule`: a `keys` check that passes when every
 * strategy can verify now (for JWT: each issuer's key set is fresh or can be fetched), and the strategies' state
 * (key-set freshness, cooldown, last fetch, last error) as a status contributor.
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
  },
});
