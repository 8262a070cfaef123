import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiKeyManager,
  ApiKeyStrategy,
  Authenticator,
  FileApiKeyStore,
  RedisApiKeyStore,
  type Principal,
} from '@bff/auth';
import { RedisConnection } from '@bff/redis';
import {
  DEMO_PARTNERS,
  eventually,
  fetchClientToken,
  getStats,
  startRedisServer,
  type TestRedisServer,
} from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { expectProblem, type RunningBff } from './support/bff-harness';
import { startCheckedPartnerBff } from './support/partner-bff';

const ACME = { clientId: 'partner-acme', tenant: 'acme', tier: 'gold' };
const ACME_SCOPES = ['orders:read', 'orders:write', 'products:read'];
const startPartnerBff = startCheckedPartnerBff;

/** Polls until `path` answers `status` with this key; resolves with the wait in ms (bounded to 5 s). */
async function waitForStatus(bff: RunningBff, key: string, status: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const res = await bff.call('/v1/products/p1', { headers: { 'x-api-key': key } });
    if (res.status === status) return performance.now() - started;
    if (performance.now() - started > 5000) throw new Error(`still ${res.status} after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What a partner principal is made of, whichever credential carried it. */
const identity = (p: Principal) => ({
  kind: p.kind,
  subject: p.subject,
  clientId: p.clientId,
  tenant: p.tenant,
  scopes: [...p.scopes].sort(),
});

describe('partner-bff with API keys (e2e, X-API-Key over real HTTP)', () => {
  let stack: DemoStack;
  const dir = mkdtempSync(join(tmpdir(), 'bff-partner-keys-'));
  const file = join(dir, 'api-keys.json');
  const manager = new ApiKeyManager(new FileApiKeyStore(file));
  let bff: RunningBff;
  let acmeKey: string;

  beforeAll(async () => {
    stack = await startDemoStack();
    ({ key: acmeKey } = await manager.create({ ...ACME, scopes: ACME_SCOPES }));
    bff = await startPartnerBff(stack, { AUTH_API_KEYS_FILE: file });
  });
  afterAll(async () => {
    await bff?.close();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a key and a client-credentials token of the same partner are the same principal', async () => {
    const token = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
    const byKey = await bff.call('/v1/orders?limit=5', { headers: { 'x-api-key': acmeKey } });
    const keyHeaders = (await getStats(stack.urls.orders)).lastHeaders;
    const byToken = await bff.call('/v1/orders?limit=5', { token });
    const tokenHeaders = (await getStats(stack.urls.orders)).lastHeaders;
    expect(byKey.status).toBe(200);
    expect(byKey.body).toEqual(byToken.body);
    expect(keyHeaders?.['x-client-id']).toBe('partner-acme');
    expect(keyHeaders?.['x-client-id']).toBe(tokenHeaders?.['x-client-id']);

    const authenticator = bff.app.get(Authenticator);
    const viaKey = await authenticator.authenticate({ scheme: 'api-key', value: acmeKey });
    const viaToken = await authenticator.authenticate({ scheme: 'bearer', value: token });
    expect(identity(viaKey)).toEqual(identity(viaToken));
    expect(viaKey).toMatchObject({ tier: 'gold', method: 'api-key' });
  });

  it.each([
    ['malformed', 'not-a-key'],
    ['unknown', `bffk_live_${'x'.repeat(32)}`],
  ])('a %s key is a 401 problem that never echoes the key', async (_what, key) => {
    const res = await bff.call('/v1/orders', { headers: { 'x-api-key': key } });
    expectProblem(res, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="partner-bff", error="invalid_token"/);
    expect(res.text).not.toContain(key);
  });

  it('a key sent together with a bearer token is refused (one credential per request)', async () => {
    const token = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
    const res = await bff.call('/v1/orders', { token, headers: { 'x-api-key': acmeKey } });
    expectProblem(res, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
  });

  it('scopes of the key are enforced: a products-only key cannot list orders', async () => {
    const { key } = await manager.create({
      clientId: 'partner-globex',
      tenant: 'globex',
      tier: 'free',
      scopes: ['products:read'],
    });
    expect((await bff.call('/v1/products/p1', { headers: { 'x-api-key': key } })).status).toBe(200);
    const res = await bff.call('/v1/orders', { headers: { 'x-api-key': key } });
    expectProblem(res, 403, 'BFF_ERR_AUTH_FORBIDDEN');
  });

  it('a key restricted to client networks is refused, with the same generic 401, from any other address', async () => {
    const grant = { clientId: 'partner-umbrella', tenant: 'umbrella', scopes: ['products:read'] };
    const { key: elsewhere } = await manager.create({ ...grant, allowedNetworks: ['10.0.0.0/8'] });
    const { key: local } = await manager.create({ ...grant, allowedNetworks: ['127.0.0.0/8', '::1'] });
    const refused = await bff.call('/v1/products/p1', { headers: { 'x-api-key': elsewhere } });
    expectProblem(refused, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    expect(refused.text).not.toMatch(/network|10\.0\.0/);
    expect((await bff.call('/v1/products/p1', { headers: { 'x-api-key': local } })).status).toBe(200);
    const metrics = (await bff.call('/metrics')).text;
    expect(metrics).toMatch(/auth_failures_total\{reason="client_network_not_allowed"\} 1/);
    // A forwarded address is not believed without TRUST_PROXY.
    const forged = await bff.call('/v1/products/p1', {
      headers: { 'x-api-key': elsewhere, 'x-forwarded-for': '10.1.2.3' },
    });
    expectProblem(forged, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
  });

  it('behind a trusted proxy the client network is the forwarded address', async () => {
    const behindProxy = await startPartnerBff(stack, { AUTH_API_KEYS_FILE: file, TRUST_PROXY: 'true' });
    try {
      const { key } = await manager.create({
        clientId: 'partner-initech',
        scopes: ['products:read'],
        allowedNetworks: ['203.0.113.0/24'],
      });
      const from = (address: string) =>
        behindProxy.call('/v1/products/p1', { headers: { 'x-api-key': key, 'x-forwarded-for': address } });
      expect((await from('203.0.113.9')).status).toBe(200);
      expectProblem(await from('198.51.100.1'), 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    } finally {
      await behindProxy.close();
    }
  });

  it('rotation: both keys work during the grace period; the revoked one is refused within a second', async () => {
    const { key: next, expiring } = await manager.rotate('partner-acme', { graceMs: 3_600_000 });
    expect((await bff.call('/v1/products/p1', { headers: { 'x-api-key': next } })).status).toBe(200);
    expect((await bff.call('/v1/products/p1', { headers: { 'x-api-key': acmeKey } })).status).toBe(200);
    await manager.revoke(expiring.id);
    // The strategy's cache holds a record at most 1000 ms (AUTH_API_KEY_CACHE_MS); the bound here is generous
    // for a loaded CI machine, the exact one is proved with a fake clock in api-key.strategy.spec.ts.
    expect(await waitForStatus(bff, acmeKey, 401)).toBeLessThan(2500);
    expect((await bff.call('/v1/products/p1', { headers: { 'x-api-key': next } })).status).toBe(200);
  });
});

describe('partner-bff replicas sharing API keys in Redis (e2e)', () => {
  let stack: DemoStack;
  let redisServer: TestRedisServer;
  let redis: RedisConnection;
  let replicas: RunningBff[];

  beforeAll(async () => {
    [stack, redisServer] = await Promise.all([startDemoStack(), startRedisServer()]);
    redis = new RedisConnection({ url: redisServer.url });
    redis.connect();
    while (!redis.connected) await new Promise((resolve) => setTimeout(resolve, 10));
    const env = { AUTH_API_KEY_STORE: 'redis', REDIS_URL: redisServer.url };
    replicas = [await startPartnerBff(stack, env), await startPartnerBff(stack, env)];
    // Each replica connects to Redis in the background: wait until both say they can serve.
    for (const replica of replicas) {
      await eventually(async () => (await replica.call('/health/ready')).status === 200, 10_000);
    }
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    await redis?.close();
    await stack?.close();
    await redisServer?.stop();
  });

  it('a key created once works on every replica, and its revocation reaches all of them within a second', async () => {
    const manager = new ApiKeyManager(new RedisApiKeyStore(redis));
    const { key, record } = await manager.create({ ...ACME, scopes: ACME_SCOPES });
    for (const replica of replicas) {
      const res = await replica.call('/v1/products/p1', { headers: { 'x-api-key': key } });
      expect(res.status).toBe(200);
    }
    await manager.revoke(record.id);
    const waits = await Promise.all(replicas.map((replica) => waitForStatus(replica, key, 401)));
    // Bounded by the 1000 ms cache lifetime; generous for CI (the exact bound: api-key.strategy.spec.ts).
    for (const wait of waits) expect(wait).toBeLessThan(2500);
  });

  it('the Redis store is part of readiness detail (store kind, no key material)', async () => {
    const res = await replicas[0].call('/health/ready?detail=true');
    expect(res.text).toContain('"store":"redis"');
    expect(res.text).not.toMatch(/bffk_live_[A-Za-z0-9_-]{32}/);
  });
});

describe('partner-bff API keys while Redis is down (stale-if-error, e2e)', () => {
  let stack: DemoStack;
  let redisServer: TestRedisServer;
  let redis: RedisConnection;
  let bff: RunningBff;

  beforeAll(async () => {
    // Its own server: the test stops and restarts it.
    [stack, redisServer] = await Promise.all([startDemoStack(), startRedisServer({ own: true })]);
    redis = new RedisConnection({ url: redisServer.url });
    redis.connect();
    await eventually(() => redis.connected, 5000);
    bff = await startPartnerBff(stack, { AUTH_API_KEY_STORE: 'redis', REDIS_URL: redisServer.url });
    await eventually(async () => (await bff.call('/health/ready')).status === 200, 10_000);
  });
  afterAll(async () => {
    await bff?.close();
    await redis?.close();
    await stack?.close();
    await redisServer?.stop();
  });

  it('a key used before the outage keeps working, an unseen one is a 503; once back, a revocation is honoured', async () => {
    const store = new RedisApiKeyStore(redis);
    const manager = new ApiKeyManager(store);
    const { key: used, record } = await manager.create({ ...ACME, scopes: ACME_SCOPES });
    const { key: unseen } = await manager.create({ ...ACME, scopes: ['products:read'] });
    const records = await store.list();
    const call = (key: string) => bff.call('/v1/products/p1', { headers: { 'x-api-key': key } });
    expect((await call(used)).status).toBe(200);

    await redisServer.stop();
    const bffRedis = bff.app.get(RedisConnection);
    await eventually(() => !bffRedis.connected, 5000);
    // Past the 1 s cache the record is asked for again, fails, and is answered from the last read.
    const strategy = bff.app.get(ApiKeyStrategy);
    const staleServed = () =>
      (strategy.state().degraded as { staleServed: number } | undefined)?.staleServed ?? 0;
    await eventually(async () => {
      expect((await call(used)).status).toBe(200);
      return staleServed() > 0;
    }, 5000);
    const refused = await call(unseen);
    expectProblem(refused, 503, 'BFF_ERR_AUTH_UNAVAILABLE');
    expect(refused.text).not.toContain(unseen);
    const detail = await bff.call('/health/ready?detail=true');
    expect(detail.text).toMatch(/"degraded":\{"since":\d+,"staleServed":[1-9]/);

    // Back, empty (as a replica promoted without the last writes would not be): the records are restored.
    await redisServer.restart();
    await eventually(() => redis.connected && bffRedis.connected, 10_000);
    for (const r of records) await store.put(r);
    await manager.revoke(record.id);
    // Bounded by the cache lifetime of the stale answer (1000 ms); generous for CI.
    expect(await waitForStatus(bff, used, 401)).toBeLessThan(2500);
    expect((await call(unseen)).status).toBe(200);
    expect(strategy.state()).not.toHaveProperty('degraded');
  });
});
