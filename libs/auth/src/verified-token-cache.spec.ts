import type { Principal } from '@bff/core';
import { VerifiedTokenCache } from './verified-token-cache';

const principal = (subject: string): Principal => ({ kind: 'user', subject, scopes: ['a'], method: 'jwt' });

describe('VerifiedTokenCache', () => {
  it('answers until the token expires when that comes before maxAgeMs', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('t1', principal('u1'), 1_030_000, 1_000_000);
    expect(cache.get('t1', 1_029_999)?.subject).toBe('u1');
    expect(cache.get('t1', 1_030_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers for at most maxAgeMs, however far away exp is', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    cache.set('t1', principal('u1'), 9_000_000, 1_000_000);
    expect(cache.get('t1', 1_059_999)?.subject).toBe('u1');
    expect(cache.get('t1', 1_060_000)).toBeUndefined();
  });

  it('does not store a token that is already invalid', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10, maxAgeMs: 60_000 });
    expect(cache.set('t1', principal('u1'), 1_000_000, 1_000_000).subject).toBe('u1');
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry at maxEntries and keeps the newest', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2, maxAgeMs: 60_000 });
    for (const t of ['t1', 't2', 't3']) cache.set(t, principal(t), 2_000_000, 1_000_000);
    expect(cache.size).toBe(2);
    expect(cache.get('t1', 1_000_001)).toBeUndefined();
    expect(cache.get('t2', 1_000_001)?.subject).toBe('t2');
    expect(cache.get('t3', 1_000_001)?.subject).toBe('t3');
    cache.set('t3', principal('t3'), 2_000_000, 1_000_002); // a refresh does not push anything out
    expect(cache.size).toBe(2);
  });

  it('hands out frozen principals, since requests share them', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2, maxAgeMs: 60_000 });
    const stored = cache.set('t1', principal('u1'), 2_000_000, 1_000_000);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.scopes)).toBe(true);
    expect(() => {
      (cache.get('t1', 1_000_001) as { subject: string }).subject = 'someone-else';
    }).toThrow(TypeError);
  });

  it('forgets everything on clear()', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 2, maxAgeMs: 60_000 });
    cache.set('t1', principal('u1'), 2_000_000, 1_000_000);
    cache.clear();
    expect(cache.get('t1', 1_000_001)).toBeUndefined();
  });
});
