import { ConfigError, FakeClock, type Principal } from '@bff/core';
import { JwtVerifier, type JwtVerifierOptions } from '@bff/auth';
import { exportSPKI, SignJWT, type JWTPayload } from 'jose';
import { b64, rejection } from '../test/rejection';
import { TestIdp } from '../test/test-idp';

const AUD = 'test-bff';

describe('JwtVerifier', () => {
  let idp: TestIdp;
  let verifier: JwtVerifier;
  const options = (extra: Partial<JwtVerifierOptions> = {}): JwtVerifierOptions => ({
    issuer: idp.issuer,
    jwksUrl: idp.jwksUrl,
    audience: AUD,
    ...extra,
  });

  beforeAll(async () => {
    idp = await TestIdp.start();
    verifier = new JwtVerifier(options());
  });
  afterAll(() => idp.close());

  it.each<[string, JWTPayload, Partial<Principal>]>([
    [
      'a user token',
      { sub: 'u1', aud: AUD, scope: 'orders:read profile', tenant: 't1' },
      { kind: 'user', subject: 'u1', scopes: ['orders:read', 'profile'], tenant: 't1', method: 'jwt' },
    ],
    [
      'a client-credentials token',
      { sub: 'partner-acme', client_id: 'partner-acme', aud: [AUD, 'other'], scope: 'orders:write' },
      { kind: 'client', subject: 'partner-acme', clientId: 'partner-acme', scopes: ['orders:write'] },
    ],
    [
      'a user token issued to a client (azp, scp array)',
      { sub: 'u2', azp: 'web-app', aud: AUD, scp: ['a', 'b'] },
      { kind: 'user', subject: 'u2', clientId: 'web-app', scopes: ['a', 'b'] },
    ],
  ])('accepts %s', async (_name, claims, expected) => {
    const principal = await verifier.verify(await idp.sign(claims));
    expect(principal).toMatchObject({ ...expected, issuer: idp.issuer });
  });

  it('maps claims with a custom toPrincipal', async () => {
    const custom = new JwtVerifier(
      options({
        toPrincipal: (c) => ({
          kind: 'user',
          subject: `x-${c.sub}`,
          scopes: [],
          method: 'jwt',
          tier: 'gold',
        }),
      }),
    );
    await expect(custom.verify(await idp.sign({ sub: 'u1', aud: AUD }))).resolves.toMatchObject({
      subject: 'x-u1',
      tier: 'gold',
    });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, () => Promise<string>, string, string]>([
    [
      'an expired token',
      () => idp.sign({ sub: 'u1', aud: AUD, exp: now() - 60 }),
      'BFF_ERR_AUTH_TOKEN_EXPIRED',
      'token expired',
    ],
    [
      'nbf in the future',
      () => idp.sign({ sub: 'u1', aud: AUD, nbf: now() + 60 }),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'token not yet valid',
    ],
    [
      'a wrong issuer',
      () => idp.sign({ sub: 'u1', aud: AUD, iss: 'https://evil.example' }),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'issuer not accepted',
    ],
    [
      'a wrong audience',
      () => idp.sign({ sub: 'u1', aud: 'other-bff' }),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'audience not accepted',
    ],
    ['no sub', () => idp.sign({ aud: AUD }), 'BFF_ERR_AUTH_INVALID_TOKEN', 'sub claim missing'],
    [
      'an empty sub',
      () => idp.sign({ sub: '', aud: AUD }),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'sub claim invalid',
    ],
    [
      'no exp',
      () => idp.sign({ sub: 'u1', aud: AUD, exp: undefined }),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'exp claim missing',
    ],
    [
      'alg none',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u1', aud: AUD, iss: idp.issuer, exp: now() + 60 })}.`,
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'algorithm not allowed',
    ],
    [
      'HS256 signed with the public key bytes (algorithm confusion)',
      async () =>
        new SignJWT({ sub: 'u1', aud: AUD, iss: idp.issuer, exp: now() + 60 })
          .setProtectedHeader({ alg: 'HS256', kid: idp.key.kid })
          .sign(new TextEncoder().encode(await exportSPKI(idp.key.publicKey))),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'algorithm not allowed',
    ],
    [
      'RS256 by a foreign key using a published kid',
      async () =>
        idp.sign({ sub: 'u1', aud: AUD }, { ...(await TestIdp.generateKey('RS256')), kid: idp.key.kid }),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'signature verification failed',
    ],
    [
      'RS256 by a foreign key with an unknown kid',
      async () => idp.sign({ sub: 'u1', aud: AUD }, await TestIdp.generateKey('RS256', 'stranger')),
      'BFF_ERR_AUTH_INVALID_TOKEN',
      'signing key not found',
    ],
    ['the empty string', async () => '', 'BFF_ERR_AUTH_INVALID_TOKEN', 'malformed token'],
    ['one segment', async () => 'abc', 'BFF_ERR_AUTH_INVALID_TOKEN', 'malformed token'],
    ['two segments', async () => 'a.b', 'BFF_ERR_AUTH_INVALID_TOKEN', 'malformed token'],
    ['a header that is not JSON', async () => 'a.b.c', 'BFF_ERR_AUTH_INVALID_TOKEN', 'malformed token'],
    ['10 KiB of junk', async () => 'x'.repeat(10 * 1024), 'BFF_ERR_AUTH_INVALID_TOKEN', 'token too long'],
  ])('rejects %s', async (_name, token, code, description) => {
    const err = await rejection(async () => verifier.verify(await token()));
    expect(err).toMatchObject({ code, status: 401, reason: description });
    // The answer is the same for every failed check (no oracle); the reason is for logs and metrics.
    const expired = code === 'BFF_ERR_AUTH_TOKEN_EXPIRED';
    expect(err.headers['WWW-Authenticate']).toBe(
      `Bearer realm="${AUD}", error="invalid_token", error_description="${expired ? 'token expired' : 'invalid credentials'}"`,
    );
    expect(err.message).toBe(expired ? 'The credentials have expired.' : 'The credentials are not valid.');
  });

  it('rejects an algorithm outside its allow-list before any key lookup', async () => {
    const es = await TestIdp.generateKey('ES256', 'ec1');
    idp.published.push(es);
    try {
      const rsOnly = new JwtVerifier(options({ algorithms: ['RS256'] }));
      const before = idp.hits.jwks;
      const err = await rejection(async () => rsOnly.verify(await idp.sign({ sub: 'u1', aud: AUD }, es)));
      expect(err.reason).toBe('algorithm not allowed');
      expect(idp.hits.jwks).toBe(before);
      const allDefaults = new JwtVerifier(options());
      await expect(allDefaults.verify(await idp.sign({ sub: 'u1', aud: AUD }, es))).resolves.toMatchObject({
        subject: 'u1',
      });
    } finally {
      idp.published.pop();
    }
  });

  describe('clock tolerance (an injected clock)', () => {
    const fixed = new Date('2031-01-01T00:00:00Z');
    const t = fixed.getTime() / 1000;
    let atFixed: JwtVerifier;
    beforeAll(() => {
      const clock = new FakeClock(0, fixed.getTime());
      atFixed = new JwtVerifier(options({ clockToleranceSec: 5, clock }));
    });

    it.each<[string, JWTPayload, string | null]>([
      ['exp 3 s ago (within tolerance)', { exp: t - 3 }, null],
      ['nbf 3 s ahead (within tolerance)', { nbf: t + 3, exp: t + 60 }, null],
      ['exp 10 s ago', { exp: t - 10 }, 'BFF_ERR_AUTH_TOKEN_EXPIRED'],
      ['nbf 10 s ahead', { nbf: t + 10, exp: t + 60 }, 'BFF_ERR_AUTH_INVALID_TOKEN'],
    ])('%s', async (_name, times, code) => {
      const token = await idp.sign({ sub: 'u1', aud: AUD, iat: t - 30, ...times });
      if (code === null) await expect(atFixed.verify(token)).resolves.toMatchObject({ subject: 'u1' });
      else expect(await rejection(() => atFixed.verify(token))).toMatchObject({ code });
    });
  });

  describe('verified-token cache', () => {
    // jwksCacheMaxAgeMs 0 (and no stale serving): every full verification fetches the JWKS, so the fetch count
    // tells verifications apart.
    const counted = (extra: Partial<JwtVerifierOptions> = {}) => {
      // Tokens from the test IdP carry real exp/iat, so the fake clock starts at the real date.
      const clock = new FakeClock(0, Date.now());
      const v = new JwtVerifier(options({ jwksCacheMaxAgeMs: 0, jwksStaleMaxAgeMs: 0, clock, ...extra }));
      const verifications = async (token: string): Promise<number> => {
        const before = idp.hits.jwks;
        await v.verify(token);
        return idp.hits.jwks - before;
      };
      return { v, clock, verifications };
    };

    it('verifies a token once, then answers it from the cache with the same frozen principal', async () => {
      const { v, verifications } = counted();
      const token = await idp.sign({ sub: 'u1', aud: AUD, scope: 'a b' });
      expect(await verifications(token)).toBe(1);
      expect(await verifications(token)).toBe(0);
      const principal = await v.verify(token);
      expect(principal).toMatchObject({ subject: 'u1', scopes: ['a', 'b'] });
      expect(Object.isFrozen(principal)).toBe(true);
      expect(await verifications(await idp.sign({ sub: 'u1', aud: AUD, scope: 'a b', jti: 'another' }))).toBe(
        1,
      );
    });

    it('verifies again once maxAgeMs has passed', async () => {
      const { clock, verifications } = counted({ verifiedTokenCache: { maxAgeMs: 1_000 } });
      const token = await idp.sign({ sub: 'u1', aud: AUD });
      expect(await verifications(token)).toBe(1);
      clock.advance(999);
      expect(await verifications(token)).toBe(0);
      clock.advance(1);
      expect(await verifications(token)).toBe(1);
    });

    it('stops answering a token once it expires (beyond the clock tolerance)', async () => {
      const { v, clock } = counted({ clockToleranceSec: 5 });
      const exp = Math.floor(clock.epochMs() / 1000) + 30;
      const token = await idp.sign({ sub: 'u1', aud: AUD, exp });
      await expect(v.verify(token)).resolves.toMatchObject({ subject: 'u1' });
      clock.advance((exp + 4) * 1000 - clock.epochMs());
      await expect(v.verify(token)).resolves.toMatchObject({ subject: 'u1' });
      clock.advance((exp + 5) * 1000 - clock.epochMs());
      expect(await rejection(() => v.verify(token))).toMatchObject({ code: 'BFF_ERR_AUTH_TOKEN_EXPIRED' });
    });

    it('never remembers a rejection', async () => {
      const { v } = counted();
      const forged = await idp.sign(
        { sub: 'u1', aud: AUD },
        { ...(await TestIdp.generateKey('RS256')), kid: idp.key.kid },
      );
      for (let i = 0; i < 2; i++) {
        expect(await rejection(() => v.verify(forged))).toMatchObject({ code: 'BFF_ERR_AUTH_INVALID_TOKEN' });
      }
    });

    it('verifies every time with verifiedTokenCache: false', async () => {
      const { verifications } = counted({ verifiedTokenCache: false });
      const token = await idp.sign({ sub: 'u1', aud: AUD });
      expect(await verifications(token)).toBe(1);
      expect(await verifications(token)).toBe(1);
    });
  });

  it.each<[string, Partial<JwtVerifierOptions>, RegExp]>([
    ['HS256', { algorithms: ['HS256'] }, /algorithms: "HS256" is not accepted/],
    ['none', { algorithms: ['none'] }, /algorithms: "none" is not accepted/],
    ['no audience', { audience: [] }, /audience: must be/],
    ['a relative issuer', { issuer: 'not-a-url' }, /issuer: must be an absolute http\(s\) URL/],
    ['a zero timeout', { jwksTimeoutMs: 0 }, /jwksTimeoutMs: must be a positive integer/],
    ['a negative tolerance', { clockToleranceSec: -1 }, /clockToleranceSec/],
    ['an empty token cache', { verifiedTokenCache: { maxEntries: 0 } }, /verifiedTokenCache.maxEntries/],
    ['a fractional cache age', { verifiedTokenCache: { maxAgeMs: 1.5 } }, /verifiedTokenCache.maxAgeMs/],
    ['a zero byte bound', { verifiedTokenCache: { maxBytes: 0 } }, /verifiedTokenCache.maxBytes/],
  ])('refuses options with %s at construction', (_name, bad, message) => {
    expect(() => new JwtVerifier(options(bad))).toThrow(ConfigError);
    expect(() => new JwtVerifier(options(bad))).toThrow(message);
  });
});
