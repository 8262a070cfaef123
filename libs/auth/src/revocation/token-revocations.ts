/**
 * Revoked JWTs by `jti` (a deny-list), checked after verification for tokens that carry a `jti` — also when a
 * token is answered from the verified-token cache. `isRevoked` is synchronous and answers from memory;
 * implementations keep that memory current (the Redis one within a second on every replica).
 *
 * @example
 * await revocations.revoke({ issuer: 'https://id.example.com', jti: 'a1b2', expiresAtMs: exp * 1000 });
 * revocations.isRevoked('https://id.example.com', 'a1b2') // true, until the token would have expired anyway
 */
export interface TokenRevocations {
  /** Whether the token `jti` of `issuer` is revoked (no I/O). */
  isRevoked(issuer: string, jti: string): boolean;
  /** Revokes a token until `expiresAtMs` (its `exp`, after which it is refused anyway). */
  revoke(revocation: TokenRevocation): Promise<void>;
  /** What health and the status page may show. */
  state(): Record<string, unknown>;
  /** Stops background work. */
  close(): Promise<void>;
}

/** One revoked token. */
export interface TokenRevocation {
  readonly issuer: string;
  readonly jti: string;
  /** Epoch milliseconds after which the entry can be forgotten (the token's `exp`). */
  readonly expiresAtMs: number;
}

/** Injection token of the app's {@link TokenRevocations}. */
export const TOKEN_REVOCATIONS = Symbol('TOKEN_REVOCATIONS');

/** The key of one entry in memory. */
export const revocationKey = (issuer: string, jti: string): string => `${issuer} ${jti}`;
