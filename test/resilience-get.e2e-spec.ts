import { clearFaults, getStats, mintUserToken, resetStats, setFaults } from '@bff/testing';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { startBff, type RunningBff } from './support/bff-harness';

/** Coalescing through the real mobile-bff, real tokens and the real demo upstreams. */
describe('GET coalescing through mobile-bff (e2e)', () => {
  let bff: RunningBff;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      env: { REQUEST_TIMEOUT_MS: '8000' },
    });
    for (const sub of ['u5', 'u6'])
      tokens[sub] = await mintUserToken(bff.stack.urls.idp, { sub, aud: 'mobile-bff' });
    await bff.call('/v1/home', { token: tokens.u5 }); // keys fetched, sockets open: the load below only overlaps
  });
  afterAll(() => bff.close());
  afterEach(() => clearFaults(bff.stack.urls.users));

  it('50 concurrent identical requests of one user make one call to each upstream they read', async () => {
    // The users upstream answers slowly, so all 50 requests are in flight at once.
    await setFaults(bff.stack.urls.users, { latencyMs: 1500 });
    await Promise.all(['users', 'orders'].map((s) => resetStats(bff.stack.urls[s as 'users'])));
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => bff.call('/v1/home', { token: tokens.u5 })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map((a) => a.body.user.id))).toEqual(new Set(['u5']));
    expect(new Set(answers.map((a) => a.headers['x-request-id'])).size).toBe(50);
    const users = await getStats(bff.stack.urls.users);
    expect(users.requests).toBe(1);
  });

  it('never shares an answer between two users', async () => {
    await setFaults(bff.stack.urls.users, { latencyMs: 1000 });
    await resetStats(bff.stack.urls.users);
    const subjects = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'u5' : 'u6'));
    const answers = await Promise.all(subjects.map((sub) => bff.call('/v1/home', { token: tokens[sub] })));
    expect(answers.map((a) => a.body.user.id)).toEqual(subjects);
    expect((await getStats(bff.stack.urls.users)).requests).toBe(2); // one shared call per user
  });
});
