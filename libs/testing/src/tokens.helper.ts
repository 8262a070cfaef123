import { randomBytes } from 'node:crypto';
import { base64url, generateKeyPair, SignJWT } from 'jose';
import { requestJson } from './http.helper';

/** The demo partner clients of the dev IdP (fixed, public, demo-only). */
export const DEMO_PARTNERS = {
  acme: { clientId: 'partner-acme', clientSecret: 'acme-demo-secret' },
  globex: { clientId: 'partner-globex', clientSecret: 'globex-demo-secret' },
} as const;

interface TokenAnswer {
  access_token: string;
}

/**
 * Mints a user access token from the dev IdP (its dev-only JSON body). Throws when the IdP refuses (400).
 * @example const token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff', scope: 'orders:read' });
 */
export async function mintUserToken(
  idpUrl: string,
  claims: { sub: string; aud: string; scope?: string; expiresIn?: number },
): Promise<string> {
  const answer = await requestJson<TokenAnswer>(`${idpUrl}/token`, {
    what: 'mintUserToken',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  return answer.access_token;
}

/**
 * Gets a partner token with the standard OAuth 2.0 client-credentials grant (form-encoded, client_secret_post).
 * Throws with the IdP's error (`invalid_client`, `invalid_scope`, ...) when refused.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example const token = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
 */
export async function fetchClientToken(
  idpUrl: string,
  creds: { clientId: string; clientSecret: string; scope?: string; audience?: string },
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
  });
  if (creds.scope !== undefined) form.set('scope', creds.scope);
  if (creds.audience !== undefined) form.set('audience', creds.audience);
  const answer = await requestJson<TokenAnswer>(`${idpUrl}/token`, {
    what: 'fetchClientToken',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return answer.access_token;
}

/** Options of `signForeignToken`. */
export interface ForeignTokenOptions {
  /** Signature algorithm. Default is RS256 (with a key pair no JWKS publishes). */
  alg?: 'RS256' | 'ES256' | 'HS256';
  /** `kid` header; use a real kid to test a signature mismatch under a known key id. Default is `foreign-key`. */
  kid?: string;
  /** HS256 secret (e.g. an RSA public key's bytes for an algorithm-confusion test). Default is 32 random bytes. */
  secret?: Uint8Array | string;
}

const foreignKeys = new Map<string, Promise<Awaited<ReturnType<typeof generateKeyPair>>>>();

/**
 * Signs exactly the given claims with a key that no JWKS knows, for bad-signature tests. Add `iss`, `aud`,
 * `exp` yourself so only the signature is wrong.
 * @example const token = await signForeignToken({ iss, sub: 'u1', aud: 'mobile-bff', exp: nowS + 60 });
 */
export async function signForeignToken(
  claims: Record<string, unknown>,
  opts: ForeignTokenOptions = {},
): Promise<string> {
  const alg = opts.alg ?? 'RS256';
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, kid: opts.kid ?? 'foreign-key', typ: 'JWT' });
  if (alg === 'HS256') {
    const secret = opts.secret ?? new Uint8Array(randomBytes(32));
    return jwt.sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
  }
  let pair = foreignKeys.get(alg);
  if (!pair) foreignKeys.set(alg, (pair = generateKeyPair(alg)));
  return jwt.sign((await pair).privateKey);
}

/**
 * Builds an unsigned token (`alg: none`, empty signature) for hostile-token tests; a verifier must refuse it.
 * @example const token = unsignedToken({ iss, sub: 'u1', aud: 'mobile-bff', exp: nowS + 60 });
 */
export function unsignedToken(claims: Record<string, unknown>): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  return `${header}.${base64url.encode(JSON.stringify(claims))}.`;
}
