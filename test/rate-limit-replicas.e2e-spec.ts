import Redis from 'ioredis';
import { Pool } from 'undici';
import { freePort, mintUserToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { commandCalls, startRedisOn, type OwnedRedis } from '../libs/rate-limit/test/redis-process.helper';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';
import { burst, countOf } from './support/burst';

/** The per-user burst of every instance: 200 at once, then one per minute (nothing refills during the test). */
const LIMIT = 200;

/**
 * Three mobile-bff replicas (fail-open, the default) and one fail-closed instance, each built through the real
 * app module and config reader, sharing one redis-server this test owns: it kills it (SIGKILL) mid-load and
 * starts a new one on the same port.
 */
describe('rate limits across replicas and through a Redis outage (e2e, real redis-server)', () => {
  let port: number;
  let redis: OwnedRedis;
  let stack: DemoStack;
  let replicas: RunningBff[];
  let closed: RunningBff;
  let pools: Pool[];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    port = await freePort();
    redis = await startRedisOn(port);
    stack = await startDemoStack();
    const env = {
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_MIN: '1',
      RATE_LIMIT_BURST: String(LIMIT),
      // a loaded test machine must not turn a slow answer into a local decision
      RATE_LIMIT_STORE_TIMEOUT_MS: '1000',
      RATE_LIMIT_STORE_COOLDOWN_MS: '300',
    };
    const start = (extra: Record<string, string> = {}) =>
      startBff({
        loadConfig,
        module: (c) => MobileBffModule.forRoot(c),
        audience: 'mobile-bff',
        stack,
        env: { ...env, ...extra },
      });
    replicas = await Promise.all([start(), start(), start()]);
    closed = await start({ RATE_LIMIT_FAIL_MODE: 'closed' });
    pools = replicas.map((bff) => new Pool(bff.url, { connections: 16 }));
  });
  afterAll(async () => {
    await Promise.all((pools ?? []).map((pool) => pool.close()));
    await Promise.all([...(replicas ?? []), closed].map((bff) => bff?.close()));
    await stack?.close();
    await redis?.kill();
    process.off('unhandledRejection', onUnhandled);
  });

  const token = (sub: string) => mintUserToken(stack.urls.idp, { sub, aud: 'mobile-bff' });

  /** `count` GET /v1/home of `bearer`, round robin over the replicas (or all to `only`), `concurrency` at a time. */
  const send = (bearer: string, n: number, concurrency: number, only?: Pool) =>
    burst(only ? [only] : pools, bearer, n, concurrency);
  const count = countOf;

  it('admits the limit exactly across three replicas under a concurrent burst of 4x, and spares another caller', async () => {
    const [noisy, quiet] = await Promise.all([token('u501'), token('u502')]);
    const [flood, other] = await Promise.all([send(noisy, 4 * LIMIT, 48), send(quiet, 30, 2)]);
    const admitted = count(flood, 200);
    console.info(`replicas: ${admitted} of ${4 * LIMIT} admitted for a limit of ${LIMIT}`);
    expect(Math.abs(admitted - LIMIT)).toBeLessThanOrEqual(LIMIT * 0.01);
    expect(count(flood, 429)).toBe(4 * LIMIT - admitted);
    expect(other).toEqual(new Array(30).fill(200));
  });

  it('Redis killed mid-load: fail-open serves on without a 5xx, limited locally; fail-closed answers 503; both recover', async () => {
    const [background, local, probe] = await Promise.all([token('u503'), token('u504'), token('u505')]);
    let loading = true;
    const seen: number[] = [];
    const load = (async () => {
      while (loading) seen.push(...(await send(background, 8, 4)));
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.kill();

    // fail-closed: refused at once with Retry-After
    const refused = await closed.call('/v1/home', { token: probe });
    expectProblem(refused, 503, 'BFF_ERR_RATE_LIMIT_UNAVAILABLE');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // fail-open: one replica's own limiter decides, with the same policy (so exactly the burst passes there)
    const onOne = await send(local, LIMIT + 50, 8, pools[0]);
    expect(count(onOne, 200)).toBe(LIMIT);
    expect(count(onOne, 429)).toBe(50);
    const ready = await replicas[0].call('/health/ready?detail=true');
    expect(ready.status).toBe(200); // degraded, not unavailable
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.detail.status['rate-limit']).toMatchObject({ store: 'redis' });
    expect(['degraded', 'open']).toContain(ready.body.detail.status['rate-limit'].state);

    loading = false;
    await load;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((status) => status >= 500)).toEqual([]);

    // a new server on the same port: every instance goes back to Redis by itself, no restart
    redis = await startRedisOn(port);
    const admin = new Redis(redis.url);
    try {
      const deadline = Date.now() + 10_000;
      let recovered = false;
      while (!recovered && Date.now() < deadline) {
        // the breaker probes Redis again on a request, once its cool-down is over; every instance has its own
        const instances = [closed, ...replicas];
        const answers = await Promise.all(instances.map((bff) => bff.call('/v1/home', { token: probe })));
        const health = await Promise.all(instances.map((bff) => bff.call('/health/ready?detail=true')));
        recovered =
          answers.every((answer) => answer.status === 200) &&
          health.every((h) => h.body.detail?.status['rate-limit']?.state === 'healthy');
        if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(recovered).toBe(true);
      // and each request on every replica is decided in Redis again, none locally
      const before = (await commandCalls(admin)).evalsha ?? 0;
      const after = await send(background, 9, 3);
      expect(after).toEqual(new Array(9).fill(200));
      expect((await commandCalls(admin)).evalsha - before).toBeGreaterThanOrEqual(9);
    } finally {
      admin.disconnect();
    }
    expect(unhandled).toEqual([]);
  }, 40_000);
});
