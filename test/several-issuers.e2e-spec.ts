import { DEMO_PARTNERS, fetchClientToken, getStats, mintUserToken, TestIdp } from '@bff/testing';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

describe('mobile-bff trusting two issuers (e2e, real signed tokens over HTTP)', () => {
  let bff: RunningBff;
  let auth0Like: TestIdp;

  beforeAll(async () => {
    auth0Like = await TestIdp.start(0, { trailingSlash: true });
    const { startDemoStack } = await import('../apps/demo-upstreams/src/demo-stack');
    const stack = await startDemoStack();
    const issuers = [
      { issuer: stack.urls.idp },
      {
        issuer: auth0Like.issuer,
        audience: ['mobile-bff', 'https://api.example.com'],
        claims: { clientRules: ['sub@clients'] },
      },
    ];
    bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      env: { AUTH_ISSUER: undefined, AUTH_ISSUERS: JSON.stringify(issuers) },
    });
  });
  afterAll(async () => {
    await bff.close();
    await bff.stack.close();
    await auth0Like.close();
  });

  it('accepts a user token of each issuer, the one ending in "/" included', async () => {
    const demo = await mintUserToken(bff.stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
    const other = await auth0Like.sign({ sub: 'u2', aud: ['https://api.example.com'] });
    expect((await bff.call('/v1/home', { token: demo })).body.user.id).toBe('u1');
    expect((await bff.call('/v1/home', { token: other })).body.user.id).toBe('u2');
    expect(auth0Like.hits.discovery).toBe(1);
  });

  it('a partner’s client token is a 403 before any upstream call (a user BFF never looks a client up as a user)', async () => {
    const partner = await fetchClientToken(bff.stack.urls.idp, {
      ...DEMO_PARTNERS.acme,
      audience: 'mobile-bff',
    });
    const auth0Client = await auth0Like.sign({
      sub: 'partner-acme@clients',
      azp: 'partner-acme',
      aud: 'mobile-bff',
    });
    const before = (await getStats(bff.stack.urls.users)).requests;
    for (const token of [partner, auth0Client]) {
      expectProblem(await bff.call('/v1/home', { token }), 403, 'BFF_ERR_FORBIDDEN');
    }
    expect((await getStats(bff.stack.urls.users)).requests).toBe(before);
  });
});
