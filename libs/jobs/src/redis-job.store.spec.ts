import { FakeClock } from '@bff/core';
import { RedisJobStore, type JobRecord } from '@bff/jobs';
import { RedisConnection } from '@bff/redis';
import { startRedisServer, type TestRedisServer } from '@bff/testing';

const admission = { maxActive: 2, slotTtlMs: 60_000, retentionMs: 600_000 };
const job = (id: string, owner = 'partner-a'): JobRecord => ({
  id,
  owner,
  kind: 'k',
  input: { from: '2023-01-01' },
  status: 'queued',
  progress: { done: 0 },
  createdAt: 0,
  updatedAt: 0,
});

describe('RedisJobStore (real redis-server)', () => {
  let server: TestRedisServer;
  let redis: RedisConnection;
  let clock: FakeClock;
  let store: RedisJobStore;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new RedisConnection({ url: server.url, commandTimeoutMs: 2000 });
    redis.connect();
    while (!redis.connected) await new Promise((resolve) => setTimeout(resolve, 10));
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.client.flushdb();
    clock = new FakeClock(0, 1_900_000_000_000);
    store = new RedisJobStore(redis, { clock });
  });

  it('admits atomically up to the bound under concurrent submissions, per owner', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.admit(job(`j${i}`), admission)),
    );
    expect(answers.filter(Boolean)).toHaveLength(2);
    expect(await store.admit(job('other', 'partner-b'), admission)).toBe(true);
    const admitted = answers.findIndex(Boolean);
    await store.save({ ...job(`j${admitted}`), status: 'failed' }, admission.retentionMs);
    expect(await store.admit(job('next'), admission)).toBe(true);
  });

  it('lets a slot lapse on the clock it is given', async () => {
    await store.admit(job('1'), admission);
    await store.admit(job('2'), admission);
    expect(await store.admit(job('3'), admission)).toBe(false);
    clock.advance(60_000);
    expect(await store.admit(job('3'), admission)).toBe(true);
  });

  it("keeps an owner's keys under one hash tag, each with a TTL, and hides them from other owners", async () => {
    const record = job('1', 'partner-{x}');
    await store.admit(record, admission);
    await store.append(record, 'a1', ['line\n'], admission.retentionMs);
    const keys = (await redis.client.keys('*')).sort();
    expect(keys).toEqual([
      '{jobs:partner-%7Bx%7D}:active',
      '{jobs:partner-%7Bx%7D}:job:1',
      '{jobs:partner-%7Bx%7D}:result:1:a1',
    ]);
    for (const key of keys) expect(await redis.client.pttl(key)).toBeGreaterThan(0);
    expect(await store.get('partner-{x}', '1')).toEqual(record);
    expect(await store.get('partner-a', '1')).toBeUndefined();
  });

  it('streams a result of many chunks in order and discards an attempt', async () => {
    const record = job('1');
    await store.admit(record, admission);
    const chunks = Array.from({ length: 40 }, (_, i) => `${i}\n`);
    await store.append(record, 'a1', chunks, admission.retentionMs);
    let text = '';
    for await (const chunk of store.read(record, 'a1')) text += chunk;
    expect(text).toBe(chunks.join(''));
    await store.discard(record, 'a1');
    for await (const chunk of store.read(record, 'a1')) throw new Error(`unexpected ${chunk}`);
  });
});
