import type { Principal } from '@bff/core';
import type { JWTPayload } from 'jose';

/**
 * When a verified token is a partner client's (kind `client`) rather than a user's. Each rule names where the
 * client id is and what must hold:
 * - `client_id=sub` (the default; RFC 9068 client-credentials tokens), `cid=sub` (Okta), `azp=sub`, or any
 *   `<claim>=sub`: that claim equals `sub`; the client id is that claim;
 * - `sub@clients` (Auth0): `sub` is `<client id>@clients`; the client id is `azp`, else `sub` without the suffix;
 * - `<claim>:<value>`, e.g. `gty:client-credentials` (Auth0): that claim has that value; the client id is
 *   `client_id`, `azp` or `cid`, else `sub`.
 * A client principal's `subject` is its client id, so a partner is the same principal whatever its IdP.
 */
export type ClientTokenRule = string;

/** Which claims a principal comes from. Every field is optional; the defaults are the RFC 9068 names. */
export interface JwtClaimMapping {
  /** Claim holding the scopes (space separated string or array). Default: `scope`, else `scp`. */
  scopes?: string;
  /** Claim holding the tenant. Default is `tenant`. */
  tenant?: string;
  /** Claim holding the commercial tier. Default is `tier`. */
  tier?: string;
  /** Rules that make a token a client's (any of them). Default is `['client_id=sub']`. */
  clientRules?: readonly ClientTokenRule[];
}

const RULE = /^(?:([A-Za-z_][\w.-]{0,63})=sub|sub@clients|([A-Za-z_][\w.-]{0,63}):(.{1,200}))$/;

/** Whether `rule` is a {@link ClientTokenRule} this version understands. */
export function isClientTokenRule(rule: unknown): rule is ClientTokenRule {
  return typeof rule === 'string' && RULE.test(rule);
}

type Matcher = (claims: JWTPayload, sub: string) => string | undefined;

function compileRule(rule: ClientTokenRule): Matcher {
  const match = RULE.exec(rule);
  if (!match) throw new TypeError(`unknown client token rule "${rule}"`);
  const [, equalsSub, claim, value] = match;
  if (equalsSub) return (c, sub) => (stringClaim(c[equalsSub]) === sub ? sub : undefined);
  if (claim) return (c, sub) => (c[claim] === value ? (anyClientId(c) ?? sub) : undefined);
  return (c, sub) =>
    sub.endsWith('@clients') && sub.length > 8 ? (stringClaim(c.azp) ?? sub.slice(0, -8)) : undefined;
}

/**
 * Builds a claims → principal mapping from a {@link JwtClaimMapping}.
 * @example jwtPrincipalMapper({ scopes: 'scp', clientRules: ['cid=sub'] })(claims) // Okta-shaped tokens
 * @throws TypeError for an unknown client rule (configuration is validated before this runs)
 */
export function jwtPrincipalMapper(mapping: JwtClaimMapping = {}): (claims: JWTPayload) => Principal {
  const rules = (mapping.clientRules ?? ['client_id=sub']).map(compileRule);
  const scopeClaim = mapping.scopes;
  const tenantClaim = mapping.tenant ?? 'tenant';
  const tierClaim = mapping.tier ?? 'tier';
  return function mapJwtPrincipal(claims: JWTPayload): Principal {
    const sub = String(claims.sub);
    let clientOf: string | undefined;
    for (const rule of rules) if ((clientOf = rule(claims, sub)) !== undefined) break;
    const principal: Principal = {
      kind: clientOf !== undefined ? 'client' : 'user',
      subject: clientOf ?? sub,
      scopes: Object.freeze(
        parseScopes(scopeClaim !== undefined ? claims[scopeClaim] : (claims.scope ?? claims.scp)),
      ),
      method: 'jwt',
    };
    const clientId = clientOf ?? anyClientId(claims);
    if (clientId !== undefined) principal.clientId = clientId;
    const tenant = stringClaim(claims[tenantClaim]);
    if (tenant !== undefined) principal.tenant = tenant;
    const tier = stringClaim(claims[tierClaim]);
    if (tier !== undefined) principal.tier = tier;
    if (typeof claims.iss === 'string') principal.issuer = claims.iss;
    return principal;
  };
}

/**
 * The default mapping from verified JWT claims to a {@link Principal} (`jwtPrincipalMapper({})`):
 * - `subject` ← `sub`; `issuer` ← `iss`; `method` is `jwt`;
 * - `clientId` ← `client_id`, else `azp`, else `cid`;
 * - `kind` is `client` when `client_id === sub` (the client-credentials grant), else `user`;
 * - `scopes` ← `scope` (space separated, RFC 8693/9068) or `scp` (array or space separated string);
 * - `tenant` ← `tenant`; `tier` ← `tier`.
 *
 * @example
 * defaultJwtPrincipal({ sub: 'u1', scope: 'orders:read profile', iss: 'https://id.example.com' })
 * // { kind: 'user', subject: 'u1', scopes: ['orders:read', 'profile'], issuer: 'https://id.example.com', method: 'jwt' }
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2.3
 */
export const defaultJwtPrincipal: (claims: JWTPayload) => Principal = jwtPrincipalMapper();

/** Scopes from a space separated string or an array of strings; anything else yields no scopes. */
function parseScopes(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [];
}

function anyClientId(claims: JWTPayload): string | undefined {
  return stringClaim(claims.client_id) ?? stringClaim(claims.azp) ?? stringClaim(claims.cid);
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
