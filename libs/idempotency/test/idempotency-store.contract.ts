import type { IdempotencyStore, StoredResponse } from '../src/idempotency-store.interface';

/** What every {@link IdempotencyStore} must do, run against the memory and the Redis store alike. */
export function describeIdempotencyStore(name: string, store: () => IdempotencyStore): void {
  const FP = 'a'.repeat(64);
  const OTHER_FP = 'b'.repeat(64);
  const RESPONSE: StoredResponse = {
    status: 201,
    headers: { location: '/v1/orders/o9' },
    body: { id: 'o9' },
  };
  let n = 0;
  const fresh = () => ({ scope: 'client:partner-acme', key: `${name}-${++n}` });

  describe(`${name} (store contract)`, () => {
    it('exactly one of many concurrent claims of a free key wins', async () => {
      const id = fresh();
      const claims = await Promise.all(Array.from({ length: 50 }, () => store().claim(id, FP, 60_000)));
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'in-progress')).toEqual(
        Array.from({ length: 49 }, () => ({ state: 'in-progress', fingerprint: FP })),
      );
    });

    it('completes with the holder’s token only, then answers the stored response', async () => {
      const id = fresh();
      const claim = await store().claim(id, FP, 60_000);
      if (claim.state !== 'claimed') throw new Error('not claimed');
      const completion = { fingerprint: FP, response: RESPONSE, ttlMs: 86_400_000 };
      expect(await store().complete(id, { ...completion, token: 'f'.repeat(32) })).toBe(false);
      expect(await store().complete(id, { ...completion, token: claim.token })).toBe(true);
      expect(await store().claim(id, OTHER_FP, 60_000)).toEqual({
        state: 'completed',
        fingerprint: FP,
        response: RESPONSE,
      });
      expect(await store().complete(id, { ...completion, token: claim.token })).toBe(false);
    });

    it('a release by the holder frees the key; by anyone else it does nothing', async () => {
      const id = fresh();
      const claim = await store().claim(id, FP, 60_000);
      if (claim.state !== 'claimed') throw new Error('not claimed');
      await store().release(id, 'f'.repeat(32));
      expect((await store().claim(id, FP, 60_000)).state).toBe('in-progress');
      await store().release(id, claim.token);
      expect((await store().claim(id, OTHER_FP, 60_000)).state).toBe('claimed');
    });

    it('scopes never meet', async () => {
      const id = fresh();
      expect((await store().claim(id, FP, 60_000)).state).toBe('claimed');
      expect((await store().claim({ ...id, scope: 'client:partner-globex' }, FP, 60_000)).state).toBe(
        'claimed',
      );
    });
  });
}
