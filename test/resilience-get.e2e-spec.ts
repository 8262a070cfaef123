import { clearFaults, getStats, mintUserToken, resetStats, setFaults } from '@bff/testing';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as loadWebConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { startBff, type RunningBff } from './support/bff-harness';
import { VIEWER_QUERY } from './support/web-operations';

/** Coalescing through the real mobile-bff, real tokens and the real demo upstreams. */
describe('GET coalescing through mobile-bff (e2e)', () => {
  let bff: RunningBff;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      // one user sends 50 requests at once here, the demo's whole per-user burst; limits have their own suites
      env: { REQUEST_TIMEOUT_MS: '8000', RATE_LIMIT_ENABLED: 'false' },
    });
    for (const sub of ['u5', 'u6'])
      tokens[sub] = await mintUserToken(bff.stack.urls.idp, { sub, aud: 'mobile-bff' });
    await bff.call('/v1/home', { token: tokens.u5 }); // keys fetched, sockets open: the load below only overlaps
  });
  afterAll(() => bff.close());
  afterEach(() => clearFaults(bff.stack.urls.users));

  it('50 concurrent identical requests of one user make one call to the users upstream', async () => {
    // The users upstream answers slowly, so all 50 requests are in flight at once.
    await setFaults(bff.stack.urls.users, { latencyMs: 3000 });
    await resetStats(bff.stack.urls.users);
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
    await setFaults(bff.stack.urls.users, { latencyMs: 2000 });
    await resetStats(bff.stack.urls.users);
    const subjects = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'u5' : 'u6'));
    const answers = await Promise.all(subjects.map((sub) => bff.call('/v1/home', { token: tokens[sub] })));
    expect(answers.map((a) => a.body.user.id)).toEqual(subjects);
    expect((await getStats(bff.stack.urls.users)).requests).toBe(2); // one shared call per user
  });
});

/** Stale-if-error through GraphQL: the same entries as REST's `degraded`, in `extensions.degraded`. */
describe('stale catalog answers through web-bff (e2e)', () => {
  let bff: RunningBff;
  let token: string;
  const viewer = () =>
    bff.call('/graphql', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: VIEWER_QUERY, variables: { first: 2 } }),
    });

  beforeAll(async () => {
    bff = await startBff({
      loadConfig: loadWebConfig,
      module: (c) => WebBffModule.forRoot(c),
      audience: 'web-bff',
    });
    token = await mintUserToken(bff.stack.urls.idp, { sub: 'u7', aud: 'web-bff' });
  });
  afterAll(() => bff.close());
  afterEach(() => clearFaults(bff.stack.urls.catalog));

  it('serves the products stored before the catalog failed, listed in extensions.degraded with stale: true', async () => {
    const healthy = await viewer();
    expect(healthy.body.errors).toBeUndefined();
    await setFaults(bff.stack.urls.catalog, { errorRate: 1, errorStatus: 503 });
    const res = await viewer();
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual(healthy.body.data);
    expect(res.body.extensions.degraded).toEqual([
      { part: 'catalog', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY', stale: true },
    ]);
  });
});
