import { eventually } from '@bff/testing';
import { drainStateOf } from '@bff/core';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { startBff, type RunningBff } from './support/bff-harness';
import { startCountingServer, type CountingServer } from './support/counting-server';

const UPSTREAMS = ['users', 'orders', 'catalog', 'inventory'] as const;

describe('/health/ready done right (e2e, mobile-bff, real HTTP upstreams and identity provider)', () => {
  let stack: DemoStack;

  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack.close());

  describe('a probe flood is not an upstream flood', () => {
    let upstreams: CountingServer[];
    let bff: RunningBff;

    beforeAll(async () => {
      upstreams = await Promise.all(UPSTREAMS.map(() => startCountingServer()));
      const env = Object.fromEntries(
        UPSTREAMS.map((name, i) => [`UPSTREAM_${name.toUpperCase()}_URL`, upstreams[i].url]),
      );
      bff = await startBff({
        loadConfig: mobileConfig,
        module: (c) => MobileBffModule.forRoot(c),
        audience: 'mobile-bff',
        stack,
        env: { ...env, READINESS_CACHE_MS: '60000' },
      });
    });
    afterAll(async () => {
      await bff.close();
      await Promise.all(upstreams.map((u) => u.close()));
    });

    it('50 probes (25 at once, then 25 one by one) make one request per upstream', async () => {
      const concurrent = await Promise.all(Array.from({ length: 25 }, () => bff.call('/health/ready')));
      const sequential = [];
      for (let i = 0; i < 25; i++) sequential.push(await bff.call('/health/ready'));
      for (const res of [...concurrent, ...sequential]) {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          status: 'ok',
          checks: { users: 'up', orders: 'up', catalog: 'up', inventory: 'up', keys: 'up', circuits: 'up' },
        });
      }
      expect(upstreams.map((u) => u.count)).toEqual([1, 1, 1, 1]);
    });

    it('fails readiness at once while the app drains, and still serves other requests', async () => {
      drainStateOf(bff.app).start();
      const ready = await bff.call('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.body).toEqual({ status: 'unavailable', checks: { draining: 'down' } });
      const live = await bff.call('/health/live');
      expect(live.status).toBe(200);
      expect(live.headers.connection).toBe('close');
      expect(upstreams.map((u) => u.count)).toEqual([1, 1, 1, 1]);
    });
  });

  it('answers 503 while the identity provider is down (no usable key set) and 200 once it is back', async () => {
    let idpUp = false;
    const jwks = await startCountingServer();
    jwks.answer((_req, res) => {
      if (!idpUp) {
        res.writeHead(503).end();
        return;
      }
      fetch(`${stack.urls.idp}/.well-known/jwks.json`)
        .then((upstream) => upstream.text())
        .then((body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    });
    const bff = await startBff({
      loadConfig: mobileConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      env: { AUTH_JWKS_URL: `${jwks.url}/.well-known/jwks.json`, READINESS_CACHE_MS: '0' },
    });
    try {
      const down = await bff.call('/health/ready?detail=true');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        status: 'unavailable',
        checks: { users: 'up', orders: 'up', catalog: 'up', inventory: 'up', keys: 'down' },
        detail: { checks: { keys: { status: 'down', critical: true } } },
      });
      expect(down.text).not.toContain(jwks.url);

      idpUp = true;
      await eventually(async () => (await bff.call('/health/ready')).status === 200, 5000);
      expect((await bff.call('/health/ready')).body.checks.keys).toBe('up');
    } finally {
      await bff.close();
      await jwks.close();
    }
  });
});
