import type { Principal } from '@bff/core';
import { keyFor, normalizeIp } from '@bff/rate-limit';

const user: Principal = { kind: 'user', subject: 'u1', scopes: [], method: 'jwt', tenant: 'acme' };
const partner: Principal = {
  kind: 'client',
  subject: 'sub-x',
  clientId: 'partner-acme',
  scopes: [],
  method: 'api-key',
};

describe('keyFor', () => {
  it('keys by the verified principal, prefixed by kind', () => {
    expect(keyFor(user, '203.0.113.7')).toBe('user:u1');
    expect(keyFor(partner, '203.0.113.7')).toBe('client:partner-acme');
    expect(keyFor({ ...partner, clientId: undefined }, '203.0.113.7')).toBe('client:sub-x');
    expect(keyFor(user, '203.0.113.7', { scope: 'tenant' })).toBe('tenant:acme');
  });

  it('keys anonymous callers by address, which never collides with a user of the same text', () => {
    expect(keyFor(undefined, '203.0.113.7')).toBe('ip:203.0.113.7');
    expect(keyFor({ ...user, subject: '203.0.113.7' }, 'x')).not.toBe(keyFor(undefined, '203.0.113.7'));
  });

  it('encodes subjects so no hash-tag or separator character reaches the store key', () => {
    expect(keyFor({ ...user, subject: 'a}{b:c' }, '')).toBe('user:a%7D%7Bb%3Ac');
    const long = keyFor({ ...user, subject: 'x'.repeat(1000) }, '');
    expect(long).toMatch(/^user:sha256\.[\w-]{43}$/);
  });
});

describe('normalizeIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['not an ip', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(normalizeIp(ip)).toBe(key);
  });

  it('masks to the prefix asked for', () => {
    expect(normalizeIp('2001:db8:abcd:1234::1', 48)).toBe('2001:db8:abcd::/48');
    expect(normalizeIp('2001:db8:abcd:1234::1', 56)).toBe('2001:db8:abcd:1200::/56');
    expect(normalizeIp('2001:db8::1', 128)).toBe('2001:db8:0:0:0:0:0:1');
  });
});
