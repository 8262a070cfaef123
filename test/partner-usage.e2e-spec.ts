import { DEMO_PARTNERS, fetchClientToken, startRedisServer, type TestRedisServer } from '@bff/testing';
import { FakeClock } from '@bff/core';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { startCheckedPartnerBff } from './support/partner-bff';

type Checked = Awaited<ReturnType<typeof startCheckedPartnerBff>>;
const startPartnerBff = startCheckedPartnerBff;

/** `"minute";r=9;t=1, "daily";r=9990;t=86400` → `{ minute: 9, daily: 9990 }`. */
function remainingIn(header: unknown): Record<string, number> {
  return Object.fromEntries(
    String(header)
      .split(', ')
      .map((item) => /^"([^"]+)";r=(\d+)/.exec(item)!)
      .map((m) => [m[1], Number(m[2])]),
  );
}

/**
 * Makes `count` orders calls spread over `replicas`, then reads usage on each: the daily quota counts every
 * request exactly (sliding window, fresh caller), this one included, and agrees with the answer's own headers.
 */
async function expectUsageReflects(replicas: Checked[], token: string, tier: string, daily: number) {
  const count = 6;
  for (let i = 0; i < count; i++) {
    const res = await replicas[i % replicas.length].call('/v2/orders?limit=1', { token });
    expect(res.status).toBe(200);
  }
  let made = count;
  for (const [i, replica] of replicas.entries()) {
    const res = await replica.call(`/v${1 + (i % 2)}/usage`, { token });
    made++;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      partner: expect.stringMatching(/^partner-/),
      tier,
      enabled: true,
      degraded: false,
    });
    expect(res.body.policies.map((p: { name: string }) => p.name)).toEqual(['minute', 'daily']);
    expect(res.body.daily).toEqual(res.body.policies[1]);
    expect(res.body.daily).toMatchObject({
      algorithm: 'sliding-window',
      limit: daily,
      windowSeconds: 86_400,
      used: made,
      remaining: daily - made,
    });
    const fromHeaders = remainingIn(res.headers.ratelimit);
    expect(res.body.daily.remaining).toBe(fromHeaders.daily);
    // the minute bucket refills while the answer is written: never below what the header said
    expect(res.body.policies[0].remaining).toBeGreaterThanOrEqual(fromHeaders.minute);
    expect(res.body.policies[0].remaining).toBeLessThanOrEqual(fromHeaders.minute + 1);
  }
}

describe('GET /v1/usage and /v2/usage (e2e)', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack?.close());

  describe('in-memory counters', () => {
    let bff: Checked;
    beforeAll(async () => {
      // a gold partner's minute policy refills one request every 10 ms: the counts hold still on a fake clock
      bff = await startPartnerBff(stack, {}, { clock: new FakeClock() });
    });
    afterAll(() => bff?.close());

    it('reflects the requests a free partner made, without spending any', async () => {
      const globex = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.globex);
      await expectUsageReflects([bff, bff], globex, 'free', 10_000); // two reads: the first spent nothing
      expect(bff.checked()).toBeGreaterThan(6);
    });

    it('is per partner: a gold partner sees its own tier and count', async () => {
      const acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
      const res = await bff.call('/v1/usage', { token: acme });
      expect(res.body).toMatchObject({ partner: 'partner-acme', tier: 'gold' });
      expect(res.body.policies[0]).toMatchObject({ name: 'minute', limit: 6000, burst: 600, used: 1 });
      expect(res.body.daily).toMatchObject({ limit: 1_000_000, used: 1 });
    });

    it('says so when rate limiting is off', async () => {
      const off = await startPartnerBff(stack, { RATE_LIMIT_ENABLED: 'false' });
      try {
        const acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
        const res = await off.call('/v2/usage', { token: acme });
        expect(res.body).toMatchObject({ enabled: false, daily: null, policies: [] });
      } finally {
        await off.close();
      }
    });
  });

  describe('Redis counters shared by two replicas', () => {
    let redis: TestRedisServer;
    let replicas: Checked[];
    beforeAll(async () => {
      redis = await startRedisServer();
      const env = { REDIS_URL: redis.url };
      replicas = [await startPartnerBff(stack, env), await startPartnerBff(stack, env)];
    });
    afterAll(async () => {
      await Promise.all((replicas ?? []).map((replica) => replica.close()));
      await redis?.stop();
    });

    it('each replica reports every request made through either', async () => {
      const acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
      await expectUsageReflects(replicas, acme, 'gold', 1_000_000);
    });
  });
});
