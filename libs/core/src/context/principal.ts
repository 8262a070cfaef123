/**
 * Who is calling, as established by verified credentials only (never by client-sent headers).
 * Produced by the auth lib; read by rate limiting, handlers and the downstream client.
 */
export interface Principal {
  /** `user` for end-user tokens, `client` for machine credentials (client-credentials tokens, API keys). */
  kind: 'user' | 'client';
  /** Stable subject: the user id for users, the client id for clients. */
  subject: string;
  /** OAuth client the credential was issued to, when known. */
  clientId?: string;
  /** Tenant or partner the caller belongs to, when known. */
  tenant?: string;
  /** Granted scopes. */
  scopes: readonly string[];
  /** Commercial tier used by rate-limit policies, when known. */
  tier?: string;
  /** Issuer that vouched for the credential. */
  issuer?: string;
  /** How the caller authenticated. */
  method: 'jwt' | 'api-key';
  /** The credential's own id (a JWT's `jti`), when it has one: revocation and audit. */
  tokenId?: string;
}
