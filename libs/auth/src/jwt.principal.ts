import type { Principal } from '@bff/core';
import type { JWTPayload } from 'jose';

/**
 * The default mapping from verified JWT claims to a {@link Principal}.
 * - `subject` ← `sub`; `issuer` ← `iss`; `method` is `jwt`;
 * - `clientId` ← `client_id`, else `azp`;
 * - `kind` is `client` when `client_id === sub` (the client-credentials grant), else `user`;
 * - `scopes` ← `scope` (space separated, RFC 8693/9068) or `scp` (array or space separated string);
 * - `tenant` ← `tenant`; `tier` ← `tier`.
 *
 * @example
 * defaultJwtPrincipal({ sub: 'u1', scope: 'orders:read profile', iss: 'https://id.example.com' })
 * // { kind: 'user', subject: 'u1', scopes: ['orders:read', 'profile'], issuer: 'https://id.example.com', method: 'jwt' }
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3
 */
export function defaultJwtPrincipal(claims: JWTPayload): Principal {
  const subject = String(claims.sub);
  const clientIdClaim = stringClaim(claims.client_id);
  const clientId = clientIdClaim ?? stringClaim(claims.azp);
  const principal: Principal = {
    kind: clientIdClaim !== undefined && clientIdClaim === subject ? 'client' : 'user',
    subject,
    scopes: Object.freeze(parseScopes(claims.scope ?? claims.scp)),
    method: 'jwt',
  };
  if (clientId !== undefined) principal.clientId = clientId;
  const tenant = stringClaim(claims.tenant);
  if (tenant !== undefined) principal.tenant = tenant;
  const tier = stringClaim(claims.tier);
  if (tier !== undefined) principal.tier = tier;
  if (typeof claims.iss === 'string') principal.issuer = claims.iss;
  return principal;
}

/** Scopes from a space separated string or an array of strings; anything else yields no scopes. */
function parseScopes(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [];
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
