import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import { authenticateClient, DEFAULT_CLIENT_AUDIENCE, readClientCredentials } from './idp-clients';
import { DEFAULT_KEY_ROTATION_GRACE_MS, SigningKeyRing } from './idp-keys';
import { createServiceApp, ServiceAppOptions } from './service-app';

/** Options of the dev identity provider. */
export interface IdentityProviderOptions extends ServiceAppOptions {
  /** The `iss` of every token and the base of the discovery URLs; read per request (known only after listen). */
  issuer: () => string;
  /** Time a replaced signing key stays in the JWKS, in milliseconds. Default is 600000 (10 minutes). */
  keyRotationGraceMs?: number;
  /** Claim of client-credentials tokens that carries the client's tier. Default is `tier`. */
  tierClaim?: string;
}

/** Lifetime of client-credentials tokens, in seconds. */
export const CLIENT_TOKEN_TTL_S = 3600;
/** Lifetime of dev user tokens when `expiresIn` is absent, in seconds. */
export const DEFAULT_USER_TOKEN_TTL_S = 3600;
const MAX_USER_TOKEN_TTL_S = 86_400;

type OAuthError =
  'server_error' | 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

/**
 * The dev identity provider: OpenID discovery, a JWKS with rotation, and `POST /token` for the OAuth 2.0
 * client-credentials grant (form-encoded, client_secret_basic or client_secret_post) and for dev user tokens
 * (JSON `{ sub, aud, scope?, expiresIn? }`). Tokens are RS256 JWTs. Errors follow RFC 6749 §5.2:
 * 400 `invalid_request` / `unsupported_grant_type` / `invalid_scope`, 401 `invalid_client`.
 * `POST /__rotate` switches to a new signing key and answers `{ kid }`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example const idp = await createIdentityProvider({ issuer: () => 'http://127.0.0.1:4000' });
 */
export async function createIdentityProvider(opts: IdentityProviderOptions): Promise<FastifyInstance> {
  const keys = await SigningKeyRing.create(opts.keyRotationGraceMs ?? DEFAULT_KEY_ROTATION_GRACE_MS);
  const app = createServiceApp(opts);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (key in form)
        return done(Object.assign(new Error(`Parameter ${key} appears more than once`), { statusCode: 400 }));
      form[key] = value;
    }
    done(null, form);
  });

  app.get('/.well-known/openid-configuration', async () => {
    const issuer = opts.issuer();
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['orders:read', 'orders:write', 'products:read'],
    };
  });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return keys.jwks();
  });

  app.post('/__rotate', async () => ({ kid: await keys.rotate() }));

  async function sign(
    claims: Record<string, unknown>,
    sub: string,
    aud: string,
    ttlS: number,
  ): Promise<string> {
    const { kid, privateKey } = keys.current();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(opts.issuer())
      .setSubject(sub)
      .setAudience(aud)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttlS)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  await app.register(async (token) => {
    // Errors on this route (malformed JSON, too large, unsupported type) speak OAuth 2.0 too.
    token.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
      const status = err.statusCode ?? 500;
      if (status < 400 || status >= 500) {
        token.log.error(err);
        return oauthError(reply, 500, 'server_error', 'Internal error');
      }
      return oauthError(reply, status, 'invalid_request', err.message);
    });

    token.post('/token', async (request, reply) => {
      noStore(reply);
      if (request.headers['content-type']?.startsWith('application/json')) return userToken(request, reply);
      return clientCredentials(request, reply);
    });
  });

  async function clientCredentials(request: FastifyRequest, reply: FastifyReply) {
    const form = (request.body ?? {}) as Record<string, string>;
    if (!form.grant_type) return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
    if (form.grant_type !== 'client_credentials') {
      return oauthError(
        reply,
        400,
        'unsupported_grant_type',
        `grant_type ${form.grant_type} is not supported`,
      );
    }
    const creds = readClientCredentials(request.headers.authorization, form);
    if (creds === undefined)
      return oauthError(reply, 401, 'invalid_client', 'Client authentication is required');
    if ('error' in creds) return oauthError(reply, 400, 'invalid_request', creds.error);
    const client = authenticateClient(creds);
    if (!client) {
      if (creds.method === 'client_secret_basic') reply.header('www-authenticate', 'Basic realm="token"');
      return oauthError(reply, 401, 'invalid_client', 'Client authentication failed');
    }
    const requested = form.scope === undefined ? [...client.scopes] : form.scope.split(' ').filter(Boolean);
    const refused = requested.filter((scope) => !client.scopes.includes(scope));
    if (refused.length > 0)
      return oauthError(reply, 400, 'invalid_scope', `Scope not allowed: ${refused.join(' ')}`);
    if (form.audience !== undefined && form.audience.length === 0) {
      return oauthError(reply, 400, 'invalid_request', 'audience must not be empty');
    }
    const scope = requested.join(' ');
    const claims = {
      client_id: client.clientId,
      scope,
      tenant: client.tenant,
      [opts.tierClaim ?? 'tier']: client.tier,
    };
    const aud = form.audience ?? DEFAULT_CLIENT_AUDIENCE;
    const accessToken = await sign(claims, client.clientId, aud, CLIENT_TOKEN_TTL_S);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: CLIENT_TOKEN_TTL_S, scope };
  }

  async function userToken(request: FastifyRequest, reply: FastifyReply) {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return oauthError(reply, 400, 'invalid_request', 'Body must be a JSON object');
    }
    const { sub, aud, scope, expiresIn } = body as Record<string, unknown>;
    if (typeof sub !== 'string' || sub.length === 0)
      return oauthError(reply, 400, 'invalid_request', 'sub must be a non-empty string');
    if (typeof aud !== 'string' || aud.length === 0)
      return oauthError(reply, 400, 'invalid_request', 'aud must be a non-empty string');
    if (scope !== undefined && typeof scope !== 'string')
      return oauthError(reply, 400, 'invalid_request', 'scope must be a string');
    const ttl = expiresIn ?? DEFAULT_USER_TOKEN_TTL_S;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_USER_TOKEN_TTL_S) {
      return oauthError(
        reply,
        400,
        'invalid_request',
        `expiresIn must be an integer between 1 and ${MAX_USER_TOKEN_TTL_S} seconds`,
      );
    }
    const accessToken = await sign(scope === undefined ? {} : { scope }, sub, aud, ttl);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      ...(scope === undefined ? {} : { scope }),
    };
  }

  return app;
}

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

function oauthError(
  reply: FastifyReply,
  status: number,
  error: OAuthError,
  description: string,
): FastifyReply {
  noStore(reply);
  return reply.code(status).send({ error, error_description: description });
}
