import { FakeClock } from '@bff/core';
import { Logger } from '@nestjs/common';
import {
  API_KEY_PREFIX,
  ApiKeyManager,
  ApiKeyStrategy,
  MemoryApiKeyStore,
  hashApiKey,
  type ApiKeyRecord,
} from '@bff/auth';

/** A memory store that counts lookups and can be made to fail. */
class CountingStore extends MemoryApiKeyStore {
  lookups = 0;
  touches: string[] = [];
  down = false;
  override async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    this.lookups++;
    if (this.down) throw new Error('connection refused');
    return super.findByHash(hash);
  }
  override async touch(hash: string, at: string): Promise<void> {
    this.touches.push(at);
    return super.touch(hash, at);
  }
}

describe('ApiKeyStrategy', () => {
  let clock: FakeClock;
  let store: CountingStore;
  let manager: ApiKeyManager;
  let strategy: ApiKeyStrategy;
  const grant = { clientId: 'partner-acme', tenant: 'acme', scopes: ['orders:read'], tier: 'gold' };
  const creds = (value: string) => ({ scheme: 'api-key', value });

  beforeEach(() => {
    clock = new FakeClock();
    store = new CountingStore();
    manager = new ApiKeyManager(store, clock);
    strategy = new ApiKeyStrategy(store, { realm: 'partner-bff', clock });
  });

  it('turns a key into the partner principal, with the key’s tenant, scopes and tier', async () => {
    const { key } = await manager.create(grant);
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url').length).toBeGreaterThanOrEqual(16);
    await expect(strategy.authenticate(creds(key))).resolves.toEqual({
      kind: 'client',
      subject: 'partner-acme',
      clientId: 'partner-acme',
      tenant: 'acme',
      scopes: ['orders:read'],
      tier: 'gold',
      method: 'api-key',
    });
  });

  it('stores only the hash: the key appears in no record', async () => {
    const { key } = await manager.create(grant);
    const stored = JSON.stringify(await store.list());
    expect(stored).not.toContain(key);
    expect(stored).toContain(hashApiKey(key));
    expect(JSON.stringify(await manager.list())).not.toContain(hashApiKey(key));
  });

  it('answers from its cache for under a second, then asks the store again', async () => {
    const { key } = await manager.create(grant);
    for (let i = 0; i < 50; i++) await strategy.authenticate(creds(key));
    expect(store.lookups).toBe(1);
    clock.advance(1000);
    await strategy.authenticate(creds(key));
    expect(store.lookups).toBe(2);
  });

  it('a revocation is refused at the latest one second after it is written', async () => {
    const { key, record } = await manager.create(grant);
    await strategy.authenticate(creds(key));
    await manager.revoke(record.id);
    clock.advance(999);
    await expect(strategy.authenticate(creds(key))).resolves.toMatchObject({ subject: 'partner-acme' });
    clock.advance(1);
    await expect(strategy.authenticate(creds(key))).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_INVALID_TOKEN',
      status: 401,
    });
  });

  it('cacheMaxAgeMs 0 asks the store every time; more than a second is refused', async () => {
    const uncached = new ApiKeyStrategy(store, { realm: 'r', clock, cacheMaxAgeMs: 0 });
    const { key } = await manager.create(grant);
    await uncached.authenticate(creds(key));
    await uncached.authenticate(creds(key));
    expect(store.lookups).toBe(2);
    expect(() => new ApiKeyStrategy(store, { realm: 'r', cacheMaxAgeMs: 1001 })).toThrow(/0 to 1000/);
  });

  it('refuses unknown keys (cached as unknown for the same bound) and expired ones', async () => {
    const unknown = `${API_KEY_PREFIX}${'A'.repeat(32)}`;
    await expect(strategy.authenticate(creds(unknown))).rejects.toMatchObject({ status: 401 });
    await expect(strategy.authenticate(creds(unknown))).rejects.toMatchObject({ status: 401 });
    expect(store.lookups).toBe(1);
    const { key } = await manager.create({
      ...grant,
      expiresAt: new Date(clock.epochMs() + 60_000).toISOString(),
    });
    await strategy.authenticate(creds(key));
    clock.advance(60_000);
    await expect(strategy.authenticate(creds(key))).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_TOKEN_EXPIRED',
    });
  });

  it('a store that cannot answer is a 503, not a 401 and not a crash', async () => {
    const { key } = await manager.create(grant);
    store.down = true;
    await expect(strategy.authenticate(creds(key))).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_UNAVAILABLE',
      status: 503,
    });
    expect(strategy.state()).toMatchObject({ store: 'memory', lastError: { message: 'connection refused' } });
  });

  describe('stale-if-error (the store cannot answer)', () => {
    const unavailable = { code: 'BFF_ERR_AUTH_UNAVAILABLE', status: 503 };

    it('a key read within staleMaxAgeMs keeps working, and the store is asked at most once a second', async () => {
      const { key } = await manager.create(grant);
      await strategy.authenticate(creds(key));
      store.down = true;
      clock.advance(30_000);
      await expect(strategy.authenticate(creds(key))).resolves.toMatchObject({ subject: 'partner-acme' });
      const lookups = store.lookups;
      for (let i = 0; i < 20; i++) await strategy.authenticate(creds(key));
      expect(store.lookups).toBe(lookups); // answered stale for one cache lifetime
      clock.advance(1000);
      await strategy.authenticate(creds(key));
      expect(store.lookups).toBe(lookups + 1);
      expect(store.touches).toHaveLength(1); // no use is written while the store is down
      expect(strategy.state()).toMatchObject({
        degraded: { since: expect.any(Number), staleServed: 22 },
        lastError: { message: 'connection refused' },
      });
    });

    it('is refused (503) past the window, counted from the last good read', async () => {
      const { key } = await manager.create(grant);
      await strategy.authenticate(creds(key));
      store.down = true;
      clock.advance(60_000);
      await expect(strategy.authenticate(creds(key))).resolves.toBeDefined();
      clock.advance(1);
      await expect(strategy.authenticate(creds(key))).rejects.toMatchObject(unavailable);
    });

    it('never for a key not read before, nor one the store said it does not know', async () => {
      const { key } = await manager.create(grant);
      const unknown = `${API_KEY_PREFIX}${'A'.repeat(32)}`;
      await expect(strategy.authenticate(creds(unknown))).rejects.toMatchObject({ status: 401 });
      store.down = true;
      clock.advance(1000);
      await expect(strategy.authenticate(creds(key))).rejects.toMatchObject(unavailable);
      await expect(strategy.authenticate(creds(unknown))).rejects.toMatchObject(unavailable);
    });

    it('never accepts a record last read revoked or expired', async () => {
      const { key: revoked, record } = await manager.create(grant);
      const { key: expiring } = await manager.create({
        ...grant,
        expiresAt: new Date(clock.epochMs() + 5000).toISOString(),
      });
      await manager.revoke(record.id);
      await expect(strategy.authenticate(creds(revoked))).rejects.toMatchObject({ status: 401 });
      await strategy.authenticate(creds(expiring));
      store.down = true;
      clock.advance(1000);
      await expect(strategy.authenticate(creds(revoked))).rejects.toMatchObject({
        code: 'BFF_ERR_AUTH_INVALID_TOKEN',
      });
      await expect(strategy.authenticate(creds(expiring))).resolves.toBeDefined();
      clock.advance(4000);
      await expect(strategy.authenticate(creds(expiring))).rejects.toMatchObject({
        code: 'BFF_ERR_AUTH_TOKEN_EXPIRED',
      });
    });

    it('after recovery a fresh read replaces the stale record: a revocation of the outage is honoured', async () => {
      const { key, record } = await manager.create(grant);
      await strategy.authenticate(creds(key));
      store.down = true;
      clock.advance(5000);
      await strategy.authenticate(creds(key));
      store.down = false;
      await manager.revoke(record.id);
      clock.advance(999);
      await expect(strategy.authenticate(creds(key))).resolves.toBeDefined(); // the stale answer's last second
      clock.advance(1);
      await expect(strategy.authenticate(creds(key))).rejects.toMatchObject({ status: 401 });
      expect(strategy.state()).not.toHaveProperty('degraded');
    });

    it('logs once per outage, and once when the store answers again', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      try {
        const { key } = await manager.create(grant);
        await strategy.authenticate(creds(key));
        store.down = true;
        for (let i = 0; i < 5; i++) {
          clock.advance(1000);
          await strategy.authenticate(creds(key));
          await strategy.authenticate(creds(`${API_KEY_PREFIX}${'B'.repeat(32)}`)).catch(() => undefined);
        }
        expect(warn).toHaveBeenCalledTimes(1);
        expect(warn.mock.calls[0][0]).toMatch(
          /cannot answer \(connection refused\): keys read within the last 60000 ms/,
        );
        store.down = false;
        clock.advance(1000);
        await strategy.authenticate(creds(key));
        await strategy.authenticate(creds(key));
        expect(log).toHaveBeenCalledTimes(1);
        expect(log.mock.calls[0][0]).toMatch(
          /answers again after 5000 ms \(5 requests answered from stale records\)/,
        );
      } finally {
        warn.mockRestore();
        log.mockRestore();
      }
    });

    it('staleMaxAgeMs 0 turns it off; a negative one is refused', async () => {
      const strict = new ApiKeyStrategy(store, { realm: 'r', clock, staleMaxAgeMs: 0 });
      const { key } = await manager.create(grant);
      await strict.authenticate(creds(key));
      store.down = true;
      clock.advance(1000);
      await expect(strict.authenticate(creds(key))).rejects.toMatchObject(unavailable);
      expect(() => new ApiKeyStrategy(store, { realm: 'r', staleMaxAgeMs: -1 })).toThrow(/staleMaxAgeMs/);
    });
  });

  it('records lastUsedAt coarsely: once per hour per key', async () => {
    const { key } = await manager.create(grant);
    await strategy.authenticate(creds(key));
    clock.advance(1500);
    await strategy.authenticate(creds(key));
    expect(store.touches).toHaveLength(1);
    clock.advance(3_600_000);
    await strategy.authenticate(creds(key));
    expect(store.touches).toHaveLength(2);
    expect((await manager.list())[0].lastUsedAt).toBe(new Date(clock.epochMs()).toISOString());
  });

  describe('extractCredentials (X-API-Key)', () => {
    const req = (headers: Record<string, string | string[]>, rawHeaders?: string[]) => ({
      headers,
      raw: { rawHeaders: rawHeaders ?? (Object.entries(headers).flat() as string[]) },
    });
    const good = `${API_KEY_PREFIX}${'b'.repeat(32)}`;

    it('reads a well-formed key and ignores requests without one', () => {
      expect(strategy.extractCredentials(req({ 'x-api-key': ` ${good} ` }))).toEqual(creds(good));
      expect(strategy.extractCredentials(req({}))).toBeUndefined();
    });

    it.each([
      ['a malformed key', { 'x-api-key': 'not-a-key' }, undefined],
      ['a key without the prefix', { 'x-api-key': 'b'.repeat(42) }, undefined],
      ['a key and a bearer token', { 'x-api-key': good, authorization: 'Bearer abc' }, undefined],
      ['a repeated header', { 'x-api-key': good }, ['x-api-key', good, 'X-Api-Key', good]],
    ])('refuses %s with a 401', (_what, headers, raw) => {
      expect(() => strategy.extractCredentials(req(headers, raw))).toThrow(
        expect.objectContaining({ code: 'BFF_ERR_AUTH_INVALID_TOKEN', status: 401 }),
      );
    });
  });
});
