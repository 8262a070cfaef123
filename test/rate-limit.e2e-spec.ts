import Redis from 'ioredis';
import { Pool } from 'undici';
import { mintUserToken, startRedisServer, type TestRedisServer } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as loadMobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as loadWebConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { commandCalls } from '../libs/rate-limit/test/redis-process.helper';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';
import { VIEWER_QUERY } from './support/web-operations';

/**
 * Every command the server counted since the last `CONFIG RESETSTAT`, minus the test's own INFO and CONFIG and
 * the revocation list's background read (one `ZRANGEBYSCORE` per replica every 500 ms, whatever the traffic).
 * The script's own TIME, GET and SET are counted too: they run inside the one EVALSHA, not as round trips.
 */
async function bffCommands(admin: Redis): Promise<Record<string, number>> {
  const calls = await commandCalls(admin);
  for (const name of Object.keys(calls)) {
    if (name === 'info' || name === 'zrangebyscore' || name.startsWith('config')) delete calls[name];
  }
  return calls;
}

const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

/**
 * One mobile-bff and one web-bff on a real redis-server, through their real app modules. Limits are slow (6 per
 * minute: one unit back every 10 s), so the numbers in the headers are exact whatever the machine's speed.
 */
describe('rate limits on every request (e2e, real Redis, real HTTP)', () => {
  let redis: TestRedisServer;
  let admin: Redis;
  let stack: DemoStack;
  let mobile: RunningBff;
  let web: RunningBff;
  const SHIELD_BURST = 20;

  beforeAll(async () => {
    redis = await startRedisServer({ own: true });
    admin = new Redis(redis.url);
    stack = await startDemoStack();
    // The response cache is off so that every Redis command counted below is the limiter's.
    const env = {
      REDIS_URL: redis.url,
      RATE_LIMIT_STORE_TIMEOUT_MS: '1000',
      UPSTREAM_CATALOG_CACHE_ROUTES: 'off',
    };
    mobile = await startBff({
      loadConfig: loadMobileConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      env: {
        ...env,
        RATE_LIMIT_PER_MIN: '6',
        RATE_LIMIT_BURST: '5',
        RATE_LIMIT_SHIELD_PER_MIN: '60',
        RATE_LIMIT_SHIELD_BURST: String(SHIELD_BURST),
      },
    });
    web = await startBff({
      loadConfig: loadWebConfig,
      module: (c) => WebBffModule.forRoot(c),
      audience: 'web-bff',
      stack,
      env: { ...env, RATE_LIMIT_PER_MIN: '6', RATE_LIMIT_BURST: '1000' },
    });
  });
  afterAll(async () => {
    await Promise.all([mobile?.close(), web?.close()]);
    await stack?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  const userToken = (sub: string, aud: string, scope?: string) =>
    mintUserToken(stack.urls.idp, { sub, aud, ...(scope ? { scope } : {}) });

  describe('REST (mobile-bff)', () => {
    it('sends the exact RateLimit headers on allowed requests and a 429 problem with Retry-After once spent', async () => {
      const token = await userToken('u101', 'mobile-bff');
      // six at once: the burst of 5 passes, the sixth is refused (decided within the same second)
      const answers = await Promise.all(Array.from({ length: 6 }, () => mobile.call('/v1/home', { token })));
      const allowed = answers.filter((res) => res.status === 200);
      const limited = answers.filter((res) => res.status !== 200);
      expect(allowed).toHaveLength(5);
      for (const res of allowed) {
        expect(res.headers['ratelimit-policy']).toBe('"minute";q=6;w=60');
        expect(res.headers['retry-after']).toBeUndefined();
      }
      // GCRA: 5 at once, one unit back per 10 s; t = seconds until the bucket is full again
      expect(allowed.map((res) => res.headers.ratelimit).sort()).toEqual([
        '"minute";r=0;t=50',
        '"minute";r=1;t=40',
        '"minute";r=2;t=30',
        '"minute";r=3;t=20',
        '"minute";r=4;t=10',
      ]);
      expect(limited).toHaveLength(1);
      expectProblem(limited[0], 429, 'BFF_ERR_RATE_LIMITED');
      expect(limited[0].headers['ratelimit-policy']).toBe('"minute";q=6;w=60');
      expect(limited[0].headers.ratelimit).toBe('"minute";r=0;t=10');
      expect(limited[0].headers['retry-after']).toBe('10');
      expect(limited[0].body.detail).toBe('Rate limit "minute" exceeded; retry in 10 s');
    });

    it('makes exactly one Redis command (EVALSHA) per request, and none for health and metrics', async () => {
      const tokens = await Promise.all([1, 2, 3, 4].map((i) => userToken(`u20${i}`, 'mobile-bff')));
      expect((await mobile.call('/v1/home', { token: tokens[0] })).status).toBe(200); // script loaded
      await admin.config('RESETSTAT');
      for (const token of tokens) expect((await mobile.call('/v1/home', { token })).status).toBe(200);
      expect((await mobile.call('/v1/home', { token: tokens[1] })).status).toBe(200);
      expect((await mobile.call('/health/live')).status).toBe(200);
      expect((await mobile.call('/metrics')).status).toBe(200);
      // one round trip each: EVALSHA; inside it the script's TIME, and a GET and a SET of its one policy
      expect(await bffCommands(admin)).toEqual({ evalsha: 5, time: 5, get: 5, set: 5 });
    });

    it('exports decisions per policy and outcome, the store latency and the breaker state', async () => {
      const metrics = (await mobile.call('/metrics')).text;
      expect(metrics).toMatch(/^bff_rate_limit_decisions_total\{policy="minute",outcome="allowed"\} \d+/m);
      expect(metrics).toMatch(/^bff_rate_limit_decisions_total\{policy="minute",outcome="limited"\} [1-9]/m);
      expect(metrics).toMatch(/^bff_rate_limit_store_duration_seconds_count\{store="shared"\} [1-9]/m);
      expect(metrics).toMatch(/^bff_rate_limit_store_state 0$/m);
      const ready = await mobile.call('/health/ready?detail=true');
      expect(ready.body.checks['rate-limit']).toBe('up');
      expect(ready.body.detail.status['rate-limit']).toMatchObject({ store: 'redis', state: 'healthy' });
    });
  });

  describe('GraphQL (web-bff): an operation pays its estimated cost', () => {
    const viewer = (token: string, first: number) =>
      web.call('/graphql', {
        method: 'POST',
        token,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: VIEWER_QUERY, variables: { first } }),
      });

    it('counts cost units in the headers, and a heavy query exhausts the budget into a real HTTP 429', async () => {
      // what the two queries cost (a bff:debug caller sees the estimate), on a caller of its own
      const probe = await userToken('u300', 'web-bff', 'bff:debug');
      const light = await viewer(probe, 1);
      expect(light.status).toBe(200);
      const lightCost: number = light.body.extensions.cost.estimated;
      expect(light.headers['ratelimit-policy']).toBe('"minute";q=6;w=60');
      expect(light.headers.ratelimit).toBe(`"minute";r=${1000 - lightCost};t=${10 * lightCost}`);
      const heavyCost: number = (await viewer(await userToken('u299', 'web-bff', 'bff:debug'), 50)).body
        .extensions.cost.estimated;
      expect(heavyCost).toBeGreaterThan(10 * lightCost);
      const fits = Math.floor(1000 / heavyCost);
      expect(fits).toBeGreaterThanOrEqual(1);

      // the caller sends more heavy queries at once than its budget of 1000 units holds
      const token = await userToken('u301', 'web-bff');
      const answers = await Promise.all(Array.from({ length: fits + 2 }, () => viewer(token, 50)));
      const allowed = answers.filter((res) => res.status === 200);
      expect(allowed).toHaveLength(fits);
      expect(allowed.map((res) => res.headers.ratelimit).sort()).toEqual(
        Array.from(
          { length: fits },
          (_, i) => `"minute";r=${1000 - (i + 1) * heavyCost};t=${10 * (i + 1) * heavyCost}`,
        ).sort(),
      );
      const left = 1000 - fits * heavyCost;
      const wait = 10 * (heavyCost - left);
      const limited = answers.filter((res) => res.status !== 200);
      expect(limited).toHaveLength(2);
      for (const res of limited) {
        expect(res.status).toBe(429);
        expect(res.body.data).toBeUndefined();
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BFF_ERR_RATE_LIMITED', status: 429 });
        expect(res.headers['ratelimit-policy']).toBe('"minute";q=6;w=60');
        expect(res.headers.ratelimit).toBe(`"minute";r=${left};t=${wait}`);
        expect(res.headers['retry-after']).toBe(String(wait));
      }
      // what is left still pays for a light query
      if (left >= lightCost) expect((await viewer(token, 1)).status).toBe(200);
    });

    it('one EVALSHA per GraphQL request too', async () => {
      const token = await userToken('u302', 'web-bff');
      expect((await viewer(token, 1)).status).toBe(200);
      await admin.config('RESETSTAT');
      for (let i = 0; i < 3; i++) expect((await viewer(token, 1)).status).toBe(200);
      expect(await bffCommands(admin)).toEqual({ evalsha: 3, time: 3, get: 3, set: 3 });
    });
  });

  describe('the per-IP shield, before authentication', () => {
    it('answers a flood of 10 000 bad tokens 429 after its threshold, with no Redis command', async () => {
      // (bounded: 10 000 requests on 64 keep-alive connections; a few seconds on an idle machine)
      const good = await userToken('u401', 'mobile-bff');
      const [head, body, signature] = good.split('.');
      const forged = `${head}.${body}.${signature.slice(0, -4)}AAAA`; // a real kid, a wrong signature
      const pool = new Pool(mobile.url, { connections: 64, pipelining: 1 });
      const statuses = new Map<number, number>();
      let refusal: { headers: Record<string, unknown>; body: string } | undefined;
      /** `count` GETs of `path` on 64 keep-alive connections; returns the seconds they took. */
      const flood = async (count: number, path: string, headers: Record<string, string>): Promise<number> => {
        const started = performance.now();
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next++ < count) {
            const res = await pool.request({ path, method: 'GET', headers });
            if (res.statusCode === 429 && refusal === undefined) {
              refusal = { headers: res.headers, body: await res.body.text() };
            } else await res.body.dump();
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          }
        };
        await Promise.all(Array.from({ length: 64 }, worker));
        return (performance.now() - started) / 1000;
      };
      // the machine's pace for the cheapest route, to bound the flood relative to it
      const probeS = await flood(1000, '/health/live', {});
      statuses.clear();
      await admin.config('RESETSTAT');
      const elapsedS = await flood(10_000, '/v1/home', { authorization: `Bearer ${forged}` });
      await pool.close();
      const unauthorized = statuses.get(401) ?? 0;
      // the shield lets SHIELD_BURST attempts through, then one per second (60/min), however many are in flight
      expect(unauthorized).toBeGreaterThanOrEqual(SHIELD_BURST);
      expect(unauthorized).toBeLessThanOrEqual(SHIELD_BURST + Math.ceil(elapsedS) + 1);
      expect(statuses.get(429)).toBe(10_000 - unauthorized);
      expect([...statuses.keys()].sort()).toEqual([401, 429]);
      expect(total(await bffCommands(admin))).toBe(0);
      console.info(
        `shield flood: 10 000 requests in ${elapsedS.toFixed(1)} s; 1000 health probes took ${probeS.toFixed(1)} s`,
      );
      // a refusal costs about what a health probe does (no signature check, no Redis), and the run is bounded
      expect(elapsedS / 10_000).toBeLessThan((2 * probeS) / 1000);
      expect(elapsedS).toBeLessThan(100);
      // the shield's refusal: a 429 problem with its own policy in the headers
      expect(JSON.parse(refusal!.body)).toMatchObject({ status: 429, code: 'BFF_ERR_RATE_LIMITED' });
      expect(refusal!.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refusal!.headers['ratelimit-policy']).toBe(`"shield";q=60;w=60`);
      expect(refusal!.headers.ratelimit).toBe('"shield";r=0;t=1');
      expect(refusal!.headers['retry-after']).toBe('1');
      // health probes from the same address are never shielded
      expect((await mobile.call('/health/live')).status).toBe(200);
    }, 120_000);
  });
});
