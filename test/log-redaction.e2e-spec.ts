import { Writable } from 'node:stream';
import { createBffApp, createLogger } from '@bff/core';
import { mintUserToken } from '@bff/testing';
import { request } from 'undici';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { demoEnv } from './support/bff-harness';

const SECRETS = {
  apiKey: 'sk_live_5f1d0c8e9a7b4c3d2e1f00aa',
  cookie: 'session=c00k1e-s3cr3t-value-9f8e',
};

describe('logs (e2e, mobile-bff at trace level): one access line per request, no secret in any line', () => {
  let stack: DemoStack;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack.close());

  it('every line the run writes is free of the tokens, keys and cookies it used', async () => {
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const config = mobileConfig(demoEnv(stack, 'mobile-bff', { LOG_LEVEL: 'trace' }));
    const app = await createBffApp(
      MobileBffModule.forRoot(config),
      config,
      createLogger({ name: config.name, level: 'trace', destination }),
    );
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const token = await mintUserToken(stack.urls.idp, { sub: 'u7', aud: 'mobile-bff' });
    const foreign = await mintUserToken(stack.urls.idp, { sub: 'u8', aud: 'web-bff' }); // wrong audience: 401
    const call = async (path: string, headers: Record<string, string>) => {
      const res = await request(`${url}${path}`, { headers });
      await res.body.dump();
      return { status: res.statusCode, requestId: String(res.headers['x-request-id']) };
    };
    try {
      const home = await call('/v1/home', {
        authorization: `Bearer ${token}`,
        cookie: SECRETS.cookie,
        'x-api-key': SECRETS.apiKey,
        'x-request-id': 'log-home-1',
      });
      const wrongAudience = await call('/v1/home', { authorization: `Bearer ${foreign}` });
      const garbage = await call(`/v1/orders/o1?access_token=${token}`, {
        authorization: `Bearer ${token}x`,
      });
      expect([home.status, wrongAudience.status, garbage.status]).toEqual([200, 401, 401]);
    } finally {
      await app.close();
    }

    const all = lines.join('\n');
    for (const secret of [token, foreign, SECRETS.apiKey, SECRETS.cookie, token.split('.')[2]]) {
      expect(all).not.toContain(secret);
    }

    const access = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed');
    expect(access).toHaveLength(3);
    expect(access[0]).toEqual(
      expect.objectContaining({
        requestId: 'log-home-1',
        method: 'GET',
        route: '/v1/home',
        status: 200,
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        principalKind: 'user',
        principalId: 'u7',
        upstreamCalls: expect.any(Number),
      }),
    );
    expect(access[0].upstreamCalls).toBeGreaterThanOrEqual(2);
    expect(access[2]).toMatchObject({ route: '/v1/orders/:id', status: 401, upstreamCalls: 0 });
    expect(access[2]).not.toHaveProperty('principalId');
  });
});
