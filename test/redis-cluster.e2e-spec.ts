import { Pool } from 'undici';
import { ApiKeyManager, RedisApiKeyStore } from '@bff/auth';
import { RedisConnection } from '@bff/redis';
import {
  clearFaults,
  mintUserToken,
  setFaults,
  startRedisCluster,
  type TestRedisCluster,
  waitUntil,
} from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as loadMobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as loadPartnerConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { startBff, type RunningBff } from './support/bff-harness';
import { burst, countOf } from './support/burst';
import { scanCluster } from './support/cluster-admin';

/** The per-user burst of every mobile replica: 100 at once, then one per minute (nothing refills during a test). */
const LIMIT = 100;
const ACME = { clientId: 'partner-acme', tenant: 'acme', tier: 'gold', scopes: ['products:read'] };

/**
 * Two mobile-bff and two partner-bff replicas, built through their real modules and config readers, sharing a
 * Redis Cluster of 3 primaries and 3 replicas (`REDIS_CLUSTER_NODES`): limits, API keys and the response cache
 * in the cluster, and a primary failed over while they serve.
 */
describe('BFF replicas on a Redis Cluster (e2e, 3 primaries + 3 replicas)', () => {
  let cluster: TestRedisCluster;
  let stack: DemoStack;
  let mobile: RunningBff[];
  let partner: RunningBff[];
  let pools: Pool[];
  let admin: RedisConnection;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    [cluster, stack] = await Promise.all([startRedisCluster(), startDemoStack()]);
    const env = {
      REDIS_CLUSTER_NODES: cluster.env,
      RATE_LIMIT_PER_MIN: '1',
      RATE_LIMIT_BURST: String(LIMIT),
      // a loaded test machine must not turn a slow answer into a local decision
      RATE_LIMIT_STORE_TIMEOUT_MS: '1000',
      RATE_LIMIT_STORE_COOLDOWN_MS: '300',
    };
    const startMobile = () =>
      startBff({
        loadConfig: loadMobileConfig,
        module: (c) => MobileBffModule.forRoot(c),
        audience: 'mobile-bff',
        stack,
        env,
      });
    const startPartner = () =>
      startBff({
        loadConfig: loadPartnerConfig,
        module: (c) => PartnerBffModule.forRoot(c),
        audience: 'partner-bff',
        stack,
        env: { ...env, AUTH_API_KEY_STORE: 'redis' },
      });
    mobile = await Promise.all([startMobile(), startMobile()]);
    partner = await Promise.all([startPartner(), startPartner()]);
    pools = mobile.map((bff) => new Pool(bff.url, { connections: 16 }));
    admin = new RedisConnection({ cluster: { nodes: [cluster.nodes[0]] } });
    admin.connect();
    await waitUntil(() => admin.connected, 5000, 'the admin connection');
    await waitUntil(
      async () => (await Promise.all(mobile.map((bff) => readiness(bff)))).every((r) => r.redis === 'up'),
      10_000,
      'the replicas to reach the cluster',
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all((pools ?? []).map((pool) => pool.close()));
    await Promise.all([...(mobile ?? []), ...(partner ?? [])].map((bff) => bff.close()));
    await admin?.close();
    await stack?.close();
    await cluster?.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  const token = (sub: string) => mintUserToken(stack.urls.idp, { sub, aud: 'mobile-bff' });

  const send = (bearer: string, n: number, concurrency: number) => burst(pools, bearer, n, concurrency);
  const count = countOf;

  /** The rate-limit key of a user as the limiter writes it (the hash tag decides the slot). */
  const limitKey = (sub: string): string => `bff:rl:{user:${sub}}:x`;

  /** A user `u<n>` (n from `from`) whose limit keys live on the primary `port`. */
  async function userServedBy(port: number, from: number): Promise<string> {
    for (let n = from; n < from + 200; n++) {
      if ((await cluster.primaryFor(limitKey(`u${n}`))) === port) return `u${n}`;
    }
    throw new Error(`no user among u${from}.. has its limits on 127.0.0.1:${port}`);
  }

  it('admits the limit within 1% across two replicas under a concurrent burst of 4x, one slot per user', async () => {
    const [noisy, quiet] = await Promise.all([token('u501'), token('u502')]);
    const [flood, other] = await Promise.all([send(noisy, 4 * LIMIT, 32), send(quiet, 20, 2)]);
    const admitted = count(flood, 200);
    console.info(`cluster: ${admitted} of ${4 * LIMIT} admitted for a limit of ${LIMIT}`);
    expect(Math.abs(admitted - LIMIT)).toBeLessThanOrEqual(LIMIT * 0.01);
    expect(count(flood, 429)).toBe(4 * LIMIT - admitted);
    expect(other).toEqual(new Array(20).fill(200));
    // the limiter's keys really are in the cluster, under the user's hash tag
    const keys = await scanCluster(admin, 'bff:rl:{user:u501}:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(await Promise.all(keys.map((key) => cluster.primaryFor(key)))).size).toBe(1);
  });

  it('an API key created once works on both replicas; its revocation reaches both within a second', async () => {
    const manager = new ApiKeyManager(new RedisApiKeyStore(admin));
    const { key, record } = await manager.create(ACME);
    for (const replica of partner) {
      expect((await replica.call('/v1/products/p1', { headers: { 'x-api-key': key } })).status).toBe(200);
    }
    await manager.revoke(record.id);
    const started = performance.now();
    const waits = await Promise.all(
      partner.map(async (replica) => {
        await waitUntil(
          async () =>
            (await replica.call('/v1/products/p1', { headers: { 'x-api-key': key } })).status === 401,
          5000,
          'the revocation',
        );
        return performance.now() - started;
      }),
    );
    // Bounded by the 1000 ms cache lifetime; generous for CI (the exact bound: api-key.strategy.spec.ts).
    for (const wait of waits) expect(wait).toBeLessThan(2500);
  });

  it('the response cache is shared through the cluster: the catalog failing, the other replica serves what one stored', async () => {
    const bearer = await token('u7');
    const stored = (await scanCluster(admin, 'bff:cache:*')).length;
    const healthy = await mobile[0].call('/v1/home', { token: bearer }); // Cache-Control: stale-if-error=300
    expect(healthy.status).toBe(200);
    await waitUntil(
      async () => (await scanCluster(admin, 'bff:cache:*')).length > stored,
      2000,
      'the answer to be stored',
    );
    await setFaults(stack.urls.catalog, { errorRate: 1, errorStatus: 500 });
    try {
      const res = await mobile[1].call('/v1/home', { token: bearer });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([
        { part: 'products', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY', stale: true },
      ]);
      expect(res.body.recentOrders).toEqual(healthy.body.recentOrders);
    } finally {
      await clearFaults(stack.urls.catalog);
    }
  });

  it.each(['handover', 'kill'] as const)(
    'a primary failover (%s) mid-load: no 5xx (fail-open), readiness ok after it, limits exact again',
    async (mode) => {
      const victim = await cluster.primaryFor(limitKey(mode === 'kill' ? 'u601' : 'u602'));
      const sub = await userServedBy(victim, mode === 'kill' ? 610 : 810);
      const bearer = await token(sub);
      let loading = true;
      const seen: number[] = [];
      // four clients, each sending its next request when the last is answered
      const steady = Promise.all(
        [0, 1, 2, 3].map(async () => {
          while (loading) seen.push(...(await send(bearer, 1, 1)));
        }),
      );
      await waitUntil(() => seen.length >= 16, 5000, 'the load to start');
      const atFailover = seen.length;
      const promoted = await cluster.failover(victim, mode);
      const duringFailover = seen.length;
      await waitUntil(() => seen.length >= duringFailover + 16, 10_000, 'the load to go on');
      loading = false;
      await steady;
      console.info(
        `cluster ${mode}: ${seen.length} requests under load, ${duringFailover - atFailover} during the failover, ` +
          `${count(seen, 200)} 200, ${count(seen, 429)} 429`,
      );
      expect(duringFailover - atFailover).toBeGreaterThan(0); // the load went on while the primary changed
      expect(seen.filter((status) => status >= 500)).toEqual([]);
      expect(count(seen, 200)).toBeGreaterThan(0);

      // Every replica uses the cluster again by itself (the limiter's breaker closes on its next probe).
      await waitUntil(
        async () => {
          await Promise.all(mobile.map((bff) => bff.call('/v1/home', { token: bearer })));
          const states = await Promise.all(mobile.map((bff) => readiness(bff)));
          return states.every((s) => s.redis === 'up' && s.rateLimit === 'healthy');
        },
        10_000,
        'the replicas to use the cluster again',
      );
      // A caller whose counters live on the promoted primary is limited exactly across both replicas.
      const fresh = await token(await userServedBy(promoted, mode === 'kill' ? 700 : 900));
      const after = await send(fresh, 2 * LIMIT, 16);
      expect(Math.abs(count(after, 200) - LIMIT)).toBeLessThanOrEqual(LIMIT * 0.01);
      expect(count(after, 200) + count(after, 429)).toBe(2 * LIMIT);
      // Metrics tell the same: the shared store is healthy and decided on both replicas.
      for (const bff of mobile) {
        const metrics = await bff.call('/metrics');
        expect(metrics.status).toBe(200);
        expect(metrics.text).toMatch(/^bff_rate_limit_store_state 0$/m);
        expect(
          Number(
            /^bff_rate_limit_store_duration_seconds_count\{store="shared"\} (\d+)/m.exec(metrics.text)?.[1],
          ),
        ).toBeGreaterThan(0);
      }
      expect(unhandled).toEqual([]);
    },
    60_000,
  );
});

/** The readiness detail's Redis check and rate-limit store state of one replica. */
async function readiness(bff: RunningBff): Promise<{ redis?: string; rateLimit?: string }> {
  const res = await bff.call('/health/ready?detail=true');
  return { redis: res.body?.checks?.redis, rateLimit: res.body?.detail?.status?.['rate-limit']?.state };
}
