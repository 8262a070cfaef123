import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@bff/core';
import { RedisConnection } from '@bff/redis';
import { startRedisServer, type TestRedisServer } from '@bff/testing';
import {
  ApiKeyManager,
  FileApiKeyStore,
  MemoryApiKeyStore,
  RedisApiKeyStore,
  hashApiKey,
  type ApiKeyStore,
} from '@bff/auth';

const grant = { clientId: 'partner-acme', tenant: 'acme', scopes: ['orders:read'], tier: 'gold' };
const dir = mkdtempSync(join(tmpdir(), 'bff-api-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let redisServer: TestRedisServer;
let redis: RedisConnection;
beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new RedisConnection({ url: redisServer.url });
  redis.connect();
  while (!redis.connected) await new Promise((r) => setTimeout(r, 10));
});
afterAll(async () => {
  await redis.close();
  await redisServer.stop();
});

let n = 0;
const stores: Array<[string, () => ApiKeyStore]> = [
  ['memory', () => new MemoryApiKeyStore()],
  ['file', () => new FileApiKeyStore(join(dir, `keys-${++n}.json`))],
  ['redis', () => new RedisApiKeyStore(redis, { keyPrefix: `test:api-keys:${process.pid}:${++n}` })],
];

describe.each(stores)('%s ApiKeyStore', (_kind, makeStore) => {
  it('finds a record by the hash of its key, lists it, and a use never undoes a revocation', async () => {
    const store = makeStore();
    const manager = new ApiKeyManager(store, new FakeClock());
    const { key, record } = await manager.create(grant);
    expect(await store.findByHash(hashApiKey(key))).toMatchObject({
      id: record.id,
      clientId: 'partner-acme',
    });
    expect(await store.findByHash(hashApiKey(`${key}x`))).toBeUndefined();
    const found = await store.findByHash(hashApiKey(key));
    await manager.revoke(record.id);
    await store.touch(found!.hash, '2030-01-01T00:00:00.000Z');
    expect(await store.findByHash(hashApiKey(key))).toMatchObject({
      revokedAt: expect.any(String),
      lastUsedAt: '2030-01-01T00:00:00.000Z',
    });
    expect((await store.list()).map((r) => r.id)).toEqual([record.id]);
  });
});

describe('FileApiKeyStore', () => {
  it('writes a reviewable file of hashes, and sees another process’s change on the next lookup', async () => {
    const path = join(dir, 'shared.json');
    const bff = new FileApiKeyStore(path);
    const { key, record } = await new ApiKeyManager(new FileApiKeyStore(path)).create(grant);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(key);
    expect(JSON.parse(text)).toEqual({ version: 1, keys: [expect.objectContaining({ id: record.id })] });
    expect(await bff.findByHash(hashApiKey(key))).toBeDefined(); // created after bff was constructed
    await new ApiKeyManager(new FileApiKeyStore(path)).revoke(record.id);
    expect(await bff.findByHash(hashApiKey(key))).toMatchObject({ revokedAt: expect.any(String) });
  });

  it('refuses a malformed file at start, naming the field, and keeps the last good set on a bad edit', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ version: 1, keys: [{ id: 'k', hash: 'nothex' }] }));
    expect(() => new FileApiKeyStore(path)).toThrow(/keys\[0\]\.hash: must be 64 lowercase hex/);
    const good = join(dir, 'good.json');
    const store = new FileApiKeyStore(good);
    const { key } = await new ApiKeyManager(store).create(grant);
    writeFileSync(good, '{ half-edited');
    expect(await store.findByHash(hashApiKey(key))).toBeDefined();
  });
});
