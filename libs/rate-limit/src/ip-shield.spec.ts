import {
  AdmissionRegistry,
  FakeClock,
  staticRoute,
  SKIP_RATE_LIMIT,
  RATE_LIMIT_KEY,
  ValidationError,
  type AdmissionStep,
} from '@bff/core';
import { IpShield, RateLimitedError, ShieldReleaseStep, ShieldStep } from '@bff/rate-limit';

describe('IpShield', () => {
  it('lets `burst` attempts of an address through, then refuses it until a unit is back', () => {
    const clock = new FakeClock(0);
    const shield = new IpShield({ perMinute: 60, burst: 3, clock });
    for (let i = 0; i < 3; i++) expect(shield.enter('203.0.113.7')).toBe(0);
    expect(shield.enter('203.0.113.7')).toBe(1000); // one unit per second (60/min)
    expect(shield.enter('203.0.113.8')).toBe(0); // another address is unaffected
    expect(new RateLimitedError(shield.refusal('203.0.113.7', 1000)).headers).toEqual({
      'RateLimit-Policy': '"shield";q=60;w=60',
      RateLimit: '"shield";r=0;t=1',
      'Retry-After': '1',
    });
    clock.advance(1000);
    expect(shield.enter('203.0.113.7')).toBe(0);
    expect(shield.enter('203.0.113.7')).toBe(1000);
  });

  it('gives the unit back to attempts that authenticated, and forgets idle addresses', () => {
    const clock = new FakeClock(0);
    const shield = new IpShield({ perMinute: 60, burst: 2, clock });
    for (let i = 0; i < 10; i++) {
      expect(shield.enter('198.51.100.9')).toBe(0);
      shield.refund('198.51.100.9');
    }
    expect(shield.size).toBe(0);
    expect(shield.enter('198.51.100.9')).toBe(0);
    clock.advance(5000);
    shield.refund('198.51.100.9');
    expect(shield.size).toBe(0);
  });

  it('counts an IPv6 /64 as one address and bounds the addresses it tracks', () => {
    const shield = new IpShield({ perMinute: 60, burst: 1, clock: new FakeClock(0), maxAddresses: 2 });
    expect(shield.enter('2001:db8::1')).toBe(0);
    expect(shield.enter('2001:db8::2')).toBeGreaterThan(0);
    expect(shield.enter('2001:db9::1')).toBe(0);
    expect(shield.enter('192.0.2.1')).toBe(0); // over maxAddresses: the stalest (2001:db8::/64) is forgotten
    expect(shield.size).toBe(2);
    expect(shield.enter('2001:db8::3')).toBe(0);
  });
});

describe('ShieldStep in the admission registry', () => {
  function setup(authenticate: AdmissionStep['admit']) {
    const clock = new FakeClock(0);
    const registry = new AdmissionRegistry();
    const shield = new IpShield({ perMinute: 60, burst: 2, clock });
    registry.register(new ShieldStep(shield));
    registry.register(new ShieldReleaseStep(shield));
    const auth = jest.fn(authenticate);
    registry.register({ name: 'authenticate', order: 100, admit: auth });
    const admit = (route = staticRoute()) =>
      registry.admit({ transport: 'http', request: { headers: {}, ip: '198.51.100.1' } as never, route });
    return { admit, auth, clock };
  }

  it('counts failed attempts and refuses the address before authentication once it is over', async () => {
    const { admit, auth } = setup(() => {
      throw new ValidationError('bad token');
    });
    for (let i = 0; i < 2; i++) expect((await admit()).error).toBeInstanceOf(ValidationError);
    const refused = await admit();
    expect(refused.error).toBeInstanceOf(RateLimitedError);
    expect((refused.error as RateLimitedError).violatedPolicies).toEqual(['shield']);
    expect(auth).toHaveBeenCalledTimes(2); // the refused attempt burnt no signature check
  });

  it('never charges authenticated requests, nor routes with @SkipRateLimit()', async () => {
    const { admit } = setup((ctx) => {
      ctx.principal = { kind: 'user', subject: 'u1', scopes: [], method: 'jwt' };
    });
    for (let i = 0; i < 10; i++) expect((await admit()).error).toBeUndefined();
    const failing = setup(() => {
      throw new ValidationError('no');
    });
    const health = staticRoute({ [RATE_LIMIT_KEY]: SKIP_RATE_LIMIT });
    for (let i = 0; i < 10; i++) expect((await failing.admit(health)).error).toBeInstanceOf(ValidationError);
    expect((await failing.admit()).error).toBeInstanceOf(ValidationError);
  });
});
