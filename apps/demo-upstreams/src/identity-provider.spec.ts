import {
  DEMO_PARTNERS,
  fetchClientToken,
  mintUserToken,
  signForeignToken,
  unsignedToken,
} from '@bff/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { DemoStack, startDemoStack } from './demo-stack';

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

describe('dev identity provider', () => {
  let stack: DemoStack;
  let idp: string;
  const jwks = () => createRemoteJWKSet(new URL(`${idp}/.well-known/jwks.json`), { cooldownDuration: 0 });
  beforeAll(async () => {
    stack = await startDemoStack();
    idp = stack.urls.idp;
  });
  afterAll(() => stack.close());

  async function token(
    init: RequestInit,
  ): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
    const res = await fetch(`${idp}/token`, init);
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  }

  it('serves OpenID discovery pointing at itself', async () => {
    const res = await fetch(`${idp}/.well-known/openid-configuration`);
    expect(await res.json()).toMatchObject({
      issuer: idp,
      jwks_uri: `${idp}/.well-known/jwks.json`,
      token_endpoint: `${idp}/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('issues a client-credentials token that verifies against the served JWKS', async () => {
    const accessToken = await fetchClientToken(idp, DEMO_PARTNERS.acme);
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks(), {
      issuer: idp,
      audience: 'partner-bff',
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: 'partner-acme',
      client_id: 'partner-acme',
      scope: 'orders:read orders:write products:read',
      tenant: 'acme',
      tier: 'gold',
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.nbf).toBe(payload.iat);
    expect(typeof payload.jti).toBe('string');
  });

  it('accepts HTTP Basic client auth, a narrower scope and an audience', async () => {
    const res = await token(
      form(
        { grant_type: 'client_credentials', scope: 'orders:read', audience: 'other-bff' },
        {
          authorization: basic('partner-globex', 'globex-demo-secret'),
        },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'orders:read' });
    const { payload } = await jwtVerify(res.body.access_token as string, jwks(), {
      issuer: idp,
      audience: 'other-bff',
    });
    expect(payload).toMatchObject({
      sub: 'partner-globex',
      tenant: 'globex',
      tier: 'free',
      scope: 'orders:read',
    });
  });

  it.each([
    [
      'a wrong secret',
      form({ grant_type: 'client_credentials', client_id: 'partner-acme', client_secret: 'nope' }),
      401,
      'invalid_client',
    ],
    [
      'an unknown client',
      form({ grant_type: 'client_credentials', client_id: 'partner-x', client_secret: 'x' }),
      401,
      'invalid_client',
    ],
    ['no client auth', form({ grant_type: 'client_credentials' }), 401, 'invalid_client'],
    [
      'an unsupported grant',
      form({ grant_type: 'password', client_id: 'partner-acme', client_secret: 'acme-demo-secret' }),
      400,
      'unsupported_grant_type',
    ],
    [
      'no grant_type',
      form({ client_id: 'partner-acme', client_secret: 'acme-demo-secret' }),
      400,
      'invalid_request',
    ],
    [
      'a scope beyond the client',
      form({
        grant_type: 'client_credentials',
        client_id: 'partner-globex',
        client_secret: 'globex-demo-secret',
        scope: 'bff:debug',
      }),
      400,
      'invalid_scope',
    ],
    [
      'a repeated parameter',
      { ...form({}), body: 'grant_type=client_credentials&grant_type=client_credentials' },
      400,
      'invalid_request',
    ],
    [
      'malformed JSON',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sub":' },
      400,
      'invalid_request',
    ],
  ])('refuses %s per RFC 6749', async (_what, init, status, error) => {
    const res = await token(init);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(typeof res.body.error_description).toBe('string');
  });

  it('answers a wrong Basic secret with 401 and WWW-Authenticate: Basic', async () => {
    const res = await token(
      form({ grant_type: 'client_credentials' }, { authorization: basic('partner-acme', 'nope') }),
    );
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('mints a dev user token with the requested claims', async () => {
    const accessToken = await mintUserToken(idp, {
      sub: 'u1',
      aud: 'mobile-bff',
      scope: 'orders:read',
      expiresIn: 600,
    });
    const { payload } = await jwtVerify(accessToken, jwks(), { issuer: idp, audience: 'mobile-bff' });
    expect(payload).toMatchObject({ sub: 'u1', scope: 'orders:read' });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.jti).toEqual(expect.any(String));
  });

  it.each([
    [{ aud: 'mobile-bff' }],
    [{ sub: '', aud: 'mobile-bff' }],
    [{ sub: 'u1' }],
    [{ sub: 'u1', aud: 'mobile-bff', expiresIn: 0 }],
    [{ sub: 'u1', aud: 'mobile-bff', expiresIn: 86_401 }],
    [{ sub: 'u1', aud: 'mobile-bff', scope: 5 }],
  ])('refuses a bad dev token body %j with 400 invalid_request', async (body) => {
    const res = await token({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('rotates keys: old tokens still verify, new tokens carry the new kid', async () => {
    const before = await mintUserToken(idp, { sub: 'u1', aud: 'web-bff' });
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = (await (await fetch(`${idp}/__rotate`, { method: 'POST' })).json()) as { kid: string };
    expect(rotated.kid).not.toBe(oldKid);
    const after = await mintUserToken(idp, { sub: 'u1', aud: 'web-bff' });
    expect(decodeProtectedHeader(after).kid).toBe(rotated.kid);
    const keySet = jwks();
    await expect(jwtVerify(before, keySet, { issuer: idp, audience: 'web-bff' })).resolves.toBeDefined();
    await expect(jwtVerify(after, keySet, { issuer: idp, audience: 'web-bff' })).resolves.toBeDefined();
    const published = (await (await fetch(`${idp}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(published.keys.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);
  });

  it.each(['RS256', 'ES256', 'HS256'] as const)(
    'refuses a %s token signed by a foreign key, even under a real kid',
    async (alg) => {
      const real = decodeProtectedHeader(await mintUserToken(idp, { sub: 'u1', aud: 'web-bff' })).kid;
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: idp, sub: 'u1', aud: 'web-bff', iat: now, exp: now + 60 };
      const forged = await signForeignToken(claims, { alg, kid: real });
      expect(decodeProtectedHeader(forged)).toMatchObject({ alg, kid: real });
      await expect(jwtVerify(forged, jwks(), { issuer: idp, audience: 'web-bff' })).rejects.toMatchObject({
        code: expect.stringMatching(
          /ERR_JWS_SIGNATURE_VERIFICATION_FAILED|ERR_JOSE_NOT_SUPPORTED|ERR_JWKS_NO_MATCHING_KEY/,
        ),
      });
      const unsigned = unsignedToken(claims);
      expect(decodeProtectedHeader(unsigned).alg).toBe('none');
      await expect(jwtVerify(unsigned, jwks())).rejects.toThrow();
    },
  );

  it('drops a replaced key from the JWKS once its grace period ends', async () => {
    const own = await startDemoStack({ keyRotationGraceMs: 50 });
    try {
      const before = await mintUserToken(own.urls.idp, { sub: 'u1', aud: 'web-bff' });
      await fetch(`${own.urls.idp}/__rotate`, { method: 'POST' });
      await new Promise((resolve) => setTimeout(resolve, 80));
      const published = (await (await fetch(`${own.urls.idp}/.well-known/jwks.json`)).json()) as {
        keys: unknown[];
      };
      expect(published.keys).toHaveLength(1);
      const keySet = createRemoteJWKSet(new URL(`${own.urls.idp}/.well-known/jwks.json`));
      await expect(jwtVerify(before, keySet)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    } finally {
      await own.close();
    }
  });

  it('uses a configured issuer', async () => {
    const own = await startDemoStack({ issuer: 'https://idp.example.test/' });
    try {
      const discovery = (await (await fetch(`${own.urls.idp}/.well-known/openid-configuration`)).json()) as {
        issuer: string;
        jwks_uri: string;
      };
      expect(discovery).toMatchObject({
        issuer: 'https://idp.example.test',
        jwks_uri: 'https://idp.example.test/.well-known/jwks.json',
      });
      const accessToken = await mintUserToken(own.urls.idp, { sub: 'u1', aud: 'web-bff' });
      const keySet = createRemoteJWKSet(new URL(`${own.urls.idp}/.well-known/jwks.json`));
      await expect(
        jwtVerify(accessToken, keySet, { issuer: 'https://idp.example.test' }),
      ).resolves.toBeDefined();
    } finally {
      await own.close();
    }
  });
});
