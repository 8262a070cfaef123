import { FakeClock } from '@bff/core';
import { RedisConnection } from '@bff/redis';
import { eventually, startRedisServer, type TestRedisServer } from '@bff/testing';
import { RedisTokenRevocations } from './redis-token-revocations';
import { MemoryTokenRevocations } from './memory-token-revocations';

const ISS = 'https://id.example.com';

describe('RedisTokenRevocations (real Redis, fake clock)', () => {
  let server: TestRedisServer;
  let redis: RedisConnection;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new RedisConnection({ url: server.url });
    redis.connect();
    await eventually(() => redis.connected, 5000);
  });
  afterAll(async () => {
    await redis.close();
    await server.stop();
  });

  it('a revocation written by one replica is seen by another at its next refresh, until the token expires', async () => {
    const key = `test:revoked:${Math.random()}`;
    const clock = new FakeClock(0, Date.parse('2026-12-01T00:00:00Z'));
    const writer = new RedisTokenRevocations(redis, { key, clock });
    const reader = new RedisTokenRevocations(redis, { key, clock, refreshMs: 500 });
    reader.start();
    try {
      await eventually(() => reader.state().lastRefreshAt !== undefined, 5000);
      await writer.revoke({ issuer: ISS, jti: 'j-1', expiresAtMs: clock.epochMs() + 60_000 });
      expect(writer.isRevoked(ISS, 'j-1')).toBe(true);
      expect(reader.isRevoked(ISS, 'j-1')).toBe(false);

      const refreshed = reader.state().lastRefreshAt;
      clock.advance(500);
      await eventually(() => reader.state().lastRefreshAt !== refreshed, 5000);
      expect(reader.isRevoked(ISS, 'j-1')).toBe(true);
      expect(reader.isRevoked(ISS, 'j-2')).toBe(false);
      expect(reader.isRevoked('https://other.example.com', 'j-1')).toBe(false);

      // Past the token's own expiry the entry is forgotten (the token is refused as expired anyway).
      clock.advance(60_000);
      expect(reader.isRevoked(ISS, 'j-1')).toBe(false);
    } finally {
      await reader.close();
    }
  });

  it('a new replica loads the revocations already in Redis at start', async () => {
    const key = `test:revoked:${Math.random()}`;
    const clock = new FakeClock(0, Date.now());
    await new RedisTokenRevocations(redis, { key, clock }).revoke({
      issuer: ISS,
      jti: 'old',
      expiresAtMs: clock.epochMs() + 60_000,
    });
    const late = new RedisTokenRevocations(redis, { key, clock });
    await late.refresh();
    expect(late.isRevoked(ISS, 'old')).toBe(true);
  });

  it('keeps answering from memory while Redis cannot be read, and says so', async () => {
    const clock = new FakeClock(0, Date.now());
    const broken = new RedisTokenRevocations(
      { run: () => Promise.reject(new Error('connection refused')) },
      { clock },
    );
    await broken.refresh();
    expect(broken.isRevoked(ISS, 'x')).toBe(false);
    expect(broken.state()).toMatchObject({ store: 'redis', lastError: { message: 'connection refused' } });
  });

  it('the in-process list forgets expired entries and stays bounded', async () => {
    const clock = new FakeClock(0, 1_000_000);
    const list = new MemoryTokenRevocations(clock);
    await list.revoke({ issuer: ISS, jti: 'a', expiresAtMs: 1_000_500 });
    await list.revoke({ issuer: ISS, jti: 'already-expired', expiresAtMs: 999_999 });
    expect([list.isRevoked(ISS, 'a'), list.isRevoked(ISS, 'already-expired')]).toEqual([true, false]);
    clock.advance(500);
    expect(list.isRevoked(ISS, 'a')).toBe(false);
  });
});
