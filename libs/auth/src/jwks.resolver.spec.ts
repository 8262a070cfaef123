import { AuthUnavailableError, JwtVerifier } from '@bff/auth';
import { FakeClock } from '@bff/core';
import { eventually } from '@bff/testing';
import { b64, rejection } from '../test/rejection';
import { TestIdp } from '../test/test-idp';

const AUD = 'test-bff';

/** Everything jest's fake timers can fake but `Date`: faking only Date moves jose's clock and nothing else. */
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** Key lookup through JwtVerifier: JWKS caching, rotation, discovery and provider failures. */
describe('JwksResolver', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await TestIdp.start();
  });
  afterAll(() => idp.close());
  const options = (extra: object = {}) => ({
    issuer: idp.issuer,
    jwksUrl: idp.jwksUrl,
    audience: AUD,
    ...extra,
  });

  it('picks up a rotated key after one refetch, at most once per cooldown', async () => {
    const rotating = await TestIdp.start();
    const next = await TestIdp.generateKey('RS256', 'k2');
    try {
      const v = new JwtVerifier({
        issuer: rotating.issuer,
        jwksUrl: rotating.jwksUrl,
        audience: AUD,
        jwksCooldownMs: 60_000,
      });
      const current = await rotating.sign({ sub: 'u1', aud: AUD });
      const rotated = await rotating.sign({ sub: 'u1', aud: AUD }, next);
      await v.verify(current);
      expect(rotating.hits.jwks).toBe(1);

      rotating.published.push(next);
      // Within the cooldown an unknown kid (even many of them) does not refetch.
      const early = await Promise.all([1, 2, 3].map(() => rejection(() => v.verify(rotated))));
      expect(early.map((e) => e.reason)).toEqual(Array(3).fill('signing key not found'));
      expect(rotating.hits.jwks).toBe(1);

      // jose's remote key set times its cooldown with Date.now(), which no injected clock reaches: only Date is
      // faked (timers, I/O and microtasks stay real), and moved past the one-minute cooldown.
      jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Date.now() });
      jest.setSystemTime(Date.now() + 60_001);
      await expect(v.verify(rotated)).resolves.toMatchObject({ subject: 'u1' });
      await expect(v.verify(rotated)).resolves.toMatchObject({ subject: 'u1' });
      expect(rotating.hits.jwks).toBe(2);
    } finally {
      jest.useRealTimers();
      await rotating.close();
    }
  });

  describe('identity provider availability', () => {
    it('answers 503 AuthUnavailableError when the JWKS server is down, without naming it', async () => {
      const port = await TestIdp.closedPort();
      const v = new JwtVerifier(options({ jwksUrl: `http://127.0.0.1:${port}/jwks` }));
      const err = await rejection(async () => v.verify(await idp.sign({ sub: 'u1', aud: AUD })));
      expect(err).toMatchObject({
        code: AuthUnavailableError.code,
        status: 503,
        headers: { 'Retry-After': '1' },
      });
      expect(err.message).not.toMatch(/127\.0\.0\.1|http/);
    });

    it('answers 503 when the JWKS does not arrive within jwksTimeoutMs', async () => {
      const slow = await TestIdp.start();
      slow.hang = true;
      try {
        const v = new JwtVerifier({
          issuer: slow.issuer,
          jwksUrl: slow.jwksUrl,
          audience: AUD,
          jwksTimeoutMs: 150,
        });
        const started = Date.now();
        const err = await rejection(async () => v.verify(await slow.sign({ sub: 'u1', aud: AUD })));
        expect(err.code).toBe('BFF_ERR_AUTH_UNAVAILABLE');
        // jose's own timer (not the framework clock), so real time: jose's default (5000 ms) would fail this
        // bound, and 150 ms leaves a loaded 2-core machine more than 3 s of slack.
        expect(Date.now() - started).toBeLessThan(4000);
      } finally {
        await slow.close();
      }
    });

    it('finds the JWKS through discovery once, however many requests race for it', async () => {
      const fresh = await TestIdp.start();
      try {
        const v = new JwtVerifier({ issuer: fresh.issuer, audience: AUD });
        const token = await fresh.sign({ sub: 'u1', aud: AUD });
        const principals = await Promise.all(Array.from({ length: 10 }, () => v.verify(token)));
        expect(principals.every((p) => p.subject === 'u1')).toBe(true);
        await v.verify(token);
        expect(fresh.hits).toEqual({ discovery: 1, jwks: 1 });
      } finally {
        await fresh.close();
      }
    });

    it('retries discovery when the provider starts after the verifier', async () => {
      const port = await TestIdp.closedPort();
      const issuer = `http://127.0.0.1:${port}`;
      const v = new JwtVerifier({ issuer, audience: AUD });
      const unsigned = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'u1', iss: issuer })}.c2ln`;
      expect((await rejection(() => v.verify(unsigned))).code).toBe('BFF_ERR_AUTH_UNAVAILABLE');

      const late = await TestIdp.start(port);
      try {
        await expect(v.verify(await late.sign({ sub: 'u1', aud: AUD }))).resolves.toMatchObject({ issuer });
      } finally {
        await late.close();
      }
    });

    it('refuses a discovery document that names another issuer', async () => {
      const liar = await TestIdp.start();
      liar.advertisedIssuer = 'https://someone-else.example';
      try {
        const v = new JwtVerifier({ issuer: liar.issuer, audience: AUD });
        const err = await rejection(async () => v.verify(await liar.sign({ sub: 'u1', aud: AUD })));
        expect(err.code).toBe('BFF_ERR_AUTH_UNAVAILABLE');
        expect(liar.hits.jwks).toBe(0);
      } finally {
        await liar.close();
      }
    });
  });

  describe('stale-if-error', () => {
    it('keeps verifying with the last good key set while the JWKS endpoint fails, for jwksStaleMaxAgeMs', async () => {
      const flaky = await TestIdp.start();
      const clock = new FakeClock(0, Date.now());
      try {
        const v = new JwtVerifier({
          issuer: flaky.issuer,
          jwksUrl: flaky.jwksUrl,
          audience: AUD,
          clock,
          jwksCacheMaxAgeMs: 1,
          jwksStaleMaxAgeMs: 60_000,
          jwksCooldownMs: 60_000,
          jwksTimeoutMs: 100,
          verifiedTokenCache: false,
        });
        const token = await flaky.sign({ sub: 'u1', aud: AUD });
        await v.verify(token);
        flaky.hang = true;
        // jose ages its key set with Date.now(): wait the 1 ms freshness out.
        await eventually(() => !v.jwksState().fresh, 1000);

        // Answered from the last good set; one background refetch is tried, then none within the cooldown.
        for (let i = 0; i < 5; i++) await expect(v.verify(token)).resolves.toMatchObject({ subject: 'u1' });
        await eventually(() => v.jwksState().lastError !== undefined, 2000);
        await expect(v.verify(token)).resolves.toMatchObject({ subject: 'u1' });
        expect(flaky.hits.jwks).toBe(2);
        expect(v.jwksState()).toMatchObject({ stale: true, fresh: false, keys: 1 });
        await expect(v.checkReady()).resolves.toBeUndefined();

        // A kid the last good set lacks is still refused (a 401, not a wait on the dead provider).
        const unknown = await flaky.sign({ sub: 'u1', aud: AUD }, await TestIdp.generateKey('RS256', 'k9'));
        expect((await rejection(() => v.verify(unknown))).code).toBe('BFF_ERR_AUTH_INVALID_TOKEN');

        // Past jwksStaleMaxAgeMs the last good set is too old to trust: 503 again (a second of slack: jose stamps
        // the fetch with Date.now(), the fake clock started just before it).
        clock.advance(61_000);
        expect((await rejection(() => v.verify(token))).code).toBe('BFF_ERR_AUTH_UNAVAILABLE');
        await expect(v.checkReady()).rejects.toMatchObject({ code: 'BFF_ERR_AUTH_UNAVAILABLE' });
      } finally {
        await flaky.close();
      }
    });
  });
});
