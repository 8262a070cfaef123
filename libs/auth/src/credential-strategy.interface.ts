import type { Principal } from '@bff/core';
import type { AuthRequest } from './bearer.extractor';

/**
 * Credentials found on a request, not yet verified.
 * @example { scheme: 'bearer', value: 'eyJhbGciOi...' }
 */
export interface Credentials {
  /** How they were presented: `bearer` (Authorization header); later `api-key` and others. */
  readonly scheme: string;
  /** The raw credential (token, key). Never log it. */
  readonly value: string;
  /** The client's address (as `TRUST_PROXY` allows), for strategies that restrict networks. */
  readonly clientAddress?: string;
}

/**
 * One way of turning credentials into a principal (JWT via JWKS today; API keys, token introspection later).
 * Strategies are registered by the lib that owns them (see `CredentialStrategyRegistry`); the
 * {@link Authenticator} asks each in order and uses the first that supports the credentials.
 *
 * @example
 * class ApiKeyStrategy implements CredentialStrategy {
 *   readonly name = 'api-key';
 *   extractCredentials(req: AuthRequest) { const key = req.headers['x-api-key']; return typeof key === 'string' ? { scheme: 'api-key', value: key } : undefined; }
 *   supports(c: Credentials) { return c.scheme === 'api-key'; }
 *   async authenticate(c: Credentials) { return this.store.lookup(c.value); }
 *   state() { return { keys: this.store.size }; }
 * }
 */
export interface CredentialStrategy {
  /** Short name for logs, metrics and health, e.g. `jwt`; unique among registered strategies. */
  readonly name: string;
  /**
   * Reads this strategy's own kind of credentials from a request (e.g. an `X-API-Key` header), or returns
   * undefined when there are none. Optional: `Authorization: Bearer` is read for every strategy. Cheap, no I/O;
   * throws a coded 401 for malformed credentials.
   */
  extractCredentials?(request: AuthRequest): Credentials | undefined;
  /** Whether this strategy understands these credentials (cheap, no I/O). */
  supports(credentials: Credentials): boolean;
  /**
   * Verifies the credentials. Throws (or rejects with) a coded auth error (BFF_ERR_AUTH_INVALID_TOKEN,
   * BFF_ERR_AUTH_TOKEN_EXPIRED, BFF_ERR_AUTH_UNAVAILABLE) when they are not acceptable. May answer without a
   * promise when it knows at once (JWT: a token from its verified-token cache), so admission stays synchronous.
   */
  authenticate(credentials: Credentials): Principal | Promise<Principal>;
  /** What health and a status page may show (key sets' freshness, last fetch, last error...). Never secrets. */
  state?(): unknown;
  /**
   * Resolves when the strategy can verify credentials now (e.g. its key sets are loaded), fetching what it
   * needs; rejects with a coded error (BFF_ERR_AUTH_UNAVAILABLE) otherwise. For readiness checks.
   */
  checkReady?(): Promise<void>;
}
