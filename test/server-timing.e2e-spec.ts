import { mintUserToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { startBff } from './support/bff-harness';

const ENTRY = /^(users|orders|catalog|inventory);dur=\d+(\.\d)?;desc="GET \d{3} [a-z_]+"$/;

describe('Server-Timing (e2e, mobile-bff, real upstreams)', () => {
  let stack: DemoStack;

  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack.close());

  it('is on for a principal with scope bff:debug and absent for everyone else (production default)', async () => {
    const bff = await startBff({
      loadConfig: mobileConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
    });
    try {
      const [plain, debug] = await Promise.all([
        mintUserToken(stack.urls.idp, { sub: 'u3', aud: 'mobile-bff' }),
        mintUserToken(stack.urls.idp, { sub: 'u3', aud: 'mobile-bff', scope: 'bff:debug' }),
      ]);
      const withDebug = await bff.call('/v1/home', { token: debug });
      expect(withDebug.status).toBe(200);
      const entries = String(withDebug.headers['server-timing']).split(', ');
      expect(entries.slice(0, -1).length).toBeGreaterThanOrEqual(2);
      for (const entry of entries.slice(0, -1)) expect(entry).toMatch(ENTRY);
      expect(entries.map((e) => e.split(';')[0])).toEqual(expect.arrayContaining(['users', 'orders', 'bff']));
      expect(entries.at(-1)).toMatch(/^bff;dur=\d+(\.\d)?$/);

      const withoutDebug = await bff.call('/v1/home', { token: plain });
      expect(withoutDebug.status).toBe(200);
      expect(withoutDebug.headers).not.toHaveProperty('server-timing');
      expect((await bff.call('/v1/home')).headers).not.toHaveProperty('server-timing'); // 401, anonymous
    } finally {
      await bff.close();
    }
  });

  it('is on for every answer with SERVER_TIMING=all (the demo stack)', async () => {
    const bff = await startBff({
      loadConfig: mobileConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      env: { SERVER_TIMING: 'all' },
    });
    try {
      const token = await mintUserToken(stack.urls.idp, { sub: 'u4', aud: 'mobile-bff' });
      const res = await bff.call('/v1/home', { token });
      expect(String(res.headers['server-timing'])).toMatch(/^users;dur=/);
    } finally {
      await bff.close();
    }
  });
});
