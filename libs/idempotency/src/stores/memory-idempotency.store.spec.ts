import { FakeClock } from '@bff/core';
import { describeIdempotencyStore } from '../../test/idempotency-store.contract';
import { MemoryIdempotencyStore } from './memory-idempotency.store';

const shared = new MemoryIdempotencyStore();
describeIdempotencyStore('MemoryIdempotencyStore', () => shared);

describe('MemoryIdempotencyStore (fake clock)', () => {
  const FP = 'a'.repeat(64);
  const response = { status: 201, headers: {}, body: { id: 'o1' } };

  it('a lease and a TTL end on the clock', async () => {
    const clock = new FakeClock();
    const store = new MemoryIdempotencyStore({ clock });
    const id = { scope: 's', key: 'k' };
    const claim = await store.claim(id, FP, 1000);
    clock.advance(999);
    expect((await store.claim(id, FP, 1000)).state).toBe('in-progress');
    clock.advance(1);
    const next = await store.claim(id, FP, 1000);
    expect(next.state).toBe('claimed');
    const finish = (token: string) => store.complete(id, { token, fingerprint: FP, response, ttlMs: 5000 });
    // the crashed holder can no longer finish what its successor now holds
    expect(await finish((claim as { token: string }).token)).toBe(false);
    expect(await finish((next as { token: string }).token)).toBe(true);
    clock.advance(4999);
    expect((await store.claim(id, FP, 1000)).state).toBe('completed');
    clock.advance(1);
    expect((await store.claim(id, FP, 1000)).state).toBe('claimed');
  });

  it('holds at most maxRecords, dropping the oldest first', async () => {
    const store = new MemoryIdempotencyStore({ maxRecords: 3, clock: new FakeClock() });
    for (const key of ['k1', 'k2', 'k3', 'k4']) await store.claim({ scope: 's', key }, FP, 60_000);
    expect(store.size).toBe(3);
    expect((await store.claim({ scope: 's', key: 'k1' }, FP, 60_000)).state).toBe('claimed');
    expect((await store.claim({ scope: 's', key: 'k4' }, FP, 60_000)).state).toBe('in-progress');
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new MemoryIdempotencyStore({ maxRecords: 0 })).toThrow(/maxRecords/);
  });
});
