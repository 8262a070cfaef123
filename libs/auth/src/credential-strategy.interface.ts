import type { Principal } from '@bff/core';

/**
 * Credentials found on a request, not yet verified.
 * @example { scheme: 'bearer', value: 'eyJhbGciOi...' }
 */
export interface Credentials {
  /** How they were presented: `bearer` (Authorization header); later `api-key` and others. */
  readonly scheme: string;
  /** The raw credential (token, key). Never log it. */
  readonly value: string;
}

/**
 * One way of turning credentials into a principal (JWT via JWKS today; API keys, token introspection later).
 * The {@link Authenticator} asks each strategy in order and uses the first that supports the credentials.
 *
 * @example
 * class ApiKeyStrategy implements CredentialStrategy {
 *   readonly name = 'api-key';
 *   supports(c: Credentials) { return c.scheme === 'api-key'; }
 *   async authenticate(c: Credentials) { return this.store.lookup(c.value); }
 * }
 */
export interface CredentialStrategy {
  /** Short name for logs and metrics, e.g. `jwt`. */
  readonly name: string;
  /** Whether this strategy understands these credentials (cheap, no I/O). */
  supports(credentials: Credentials): boolean;
  /**
   * Verifies the credentials. Throws a coded auth error (BFF_ERR_AUTH_INVALID_TOKEN,
   * BFF_ERR_AUTH_TOKEN_EXPIRED, BFF_ERR_AUTH_UNAVAILABLE) when they are not acceptable.
   */
  authenticate(credentials: Credentials): Promise<Principal>;
}
