import { FakeClock, type Principal } from '@bff/core';
import { VerifiedTokenCache } from './verified-token-cache';

const principal = (subject: string): Principal => ({ kind: 'user', subject, scopes: ['a'], method: 'jwt' });
const MIB = 1024 * 1024;

/** A cache on a fake clock whose epoch reading starts at 1_000_000 ms. */
function cacheOf(options: { maxEntries?: number; maxBytes?: number; maxAgeMs?: number } = {}) {
  const clock = new FakeClock(0, 1_000_000);
  const cache = new VerifiedTokenCache(
    { maxEntries: 10, maxBytes: MIB, maxAgeMs: 60_000, ...options },
    clock,
  );
  return { cache, clock };
}

describe('VerifiedTokenCache', () => {
  it('answers until the token expires when that comes before maxAgeMs', () => {
    const { cache, clock } = cacheOf();
    cache.set('t1', principal('u1'), 1_030_000);
    clock.advance(29_999);
    expect(cache.get('t1')?.subject).toBe('u1');
    clock.advance(1);
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers for at most maxAgeMs, however far away exp is', () => {
    const { cache, clock } = cacheOf();
    cache.set('t1', principal('u1'), 9_000_000);
    clock.advance(59_999);
    expect(cache.get('t1')?.subject).toBe('u1');
    clock.advance(1);
    expect(cache.get('t1')).toBeUndefined();
  });

  it('does not store a token that is already invalid', () => {
    const { cache } = cacheOf();
    expect(cache.set('t1', principal('u1'), 1_000_000).subject).toBe('u1');
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry at maxEntries and keeps the newest', () => {
    const { cache, clock } = cacheOf({ maxEntries: 2 });
    for (const t of ['t1', 't2', 't3']) cache.set(t, principal(t), 2_000_000);
    clock.advance(1);
    expect(cache.size).toBe(2);
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')?.subject).toBe('t2');
    expect(cache.get('t3')?.subject).toBe('t3');
    clock.advance(1);
    cache.set('t3', principal('t3'), 2_000_000); // a refresh does not push anything out
    expect(cache.size).toBe(2);
  });

  it('evicts the least recently used entry, not the first inserted', () => {
    const { cache } = cacheOf({ maxEntries: 2 });
    cache.set('t1', principal('t1'), 2_000_000);
    cache.set('t2', principal('t2'), 2_000_000);
    expect(cache.get('t1')?.subject).toBe('t1'); // t1 is now the most recently used
    cache.set('t3', principal('t3'), 2_000_000);
    expect(cache.get('t2')).toBeUndefined();
    expect(cache.get('t1')?.subject).toBe('t1');
    expect(cache.get('t3')?.subject).toBe('t3');
  });

  it('bounds the bytes of token text it keeps, least recently used first', () => {
    const { cache } = cacheOf({ maxEntries: 100, maxBytes: 10 });
    cache.set('aaaa', principal('a'), 2_000_000);
    cache.set('bbbb', principal('b'), 2_000_000);
    expect(cache.get('aaaa')?.subject).toBe('a');
    cache.set('cccc', principal('c'), 2_000_000); // 12 bytes would exceed 10: bbbb (least recent) goes
    expect(cache.size).toBe(2);
    expect(cache.get('bbbb')).toBeUndefined();
    cache.set('x'.repeat(11), principal('big'), 2_000_000); // larger than the whole bound: never stored
    expect(cache.get('x'.repeat(11))).toBeUndefined();
    expect(cache.get('aaaa')?.subject).toBe('a');
  });

  it('hands out frozen principals, since requests share them', () => {
    const { cache } = cacheOf({ maxEntries: 2 });
    const stored = cache.set('t1', principal('u1'), 2_000_000);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.scopes)).toBe(true);
    expect(() => {
      (cache.get('t1') as { subject: string }).subject = 'someone-else';
    }).toThrow(TypeError);
  });

  it('forgets everything on clear()', () => {
    const { cache } = cacheOf({ maxEntries: 2 });
    cache.set('t1', principal('u1'), 2_000_000);
    cache.clear();
    expect(cache.get('t1')).toBeUndefined();
  });
});
