import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, mintUserToken, TestIdp } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as partnerConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

/** An upstream in front of a real one that records the headers of every request it forwards. */
async function startRecordingProxy(
  target: string,
): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'connection'),
    ) as Record<string, string>;
    fetch(`${target}${req.url}`, { headers })
      .then(async (answer) =>
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
      )
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const startMobile = (stack: DemoStack, env: Record<string, string | undefined>) =>
  startBff({
    loadConfig: mobileConfig,
    module: (c) => MobileBffModule.forRoot(c),
    audience: 'mobile-bff',
    stack,
    env,
  });

describe('JWKS done right, algorithms and header hygiene (e2e, real signed tokens over HTTP)', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack.close());

  describe('one issuer with ES256, PS256 and RS256 keys', () => {
    let idp: TestIdp;
    let bff: RunningBff;
    beforeAll(async () => {
      idp = await TestIdp.start();
      idp.published.push(
        await TestIdp.generateKey('ES256', 'ec1'),
        await TestIdp.generateKey('PS256', 'ps1'),
      );
      const issuers = [
        { issuer: idp.issuer, audience: ['mobile-bff', 'https://api.example.com'], jwksCooldownMs: 60_000 },
      ];
      bff = await startMobile(stack, { AUTH_ISSUER: undefined, AUTH_ISSUERS: JSON.stringify(issuers) });
    });
    afterAll(async () => {
      await bff.close();
      await idp.close();
    });

    it('accepts ES256, PS256 and RS256 tokens, with aud as an array', async () => {
      for (const key of idp.published) {
        const token = await idp.sign({ sub: 'u1', aud: ['https://api.example.com', 'other'] }, key);
        const res = await bff.call('/v1/home', { token });
        expect({ alg: key.alg, status: res.status, user: res.body.user?.id }).toEqual({
          alg: key.alg,
          status: 200,
          user: 'u1',
        });
      }
    });

    it('a flood of forged kids triggers at most one JWKS refetch per cooldown', async () => {
      await bff.call('/v1/home', { token: await idp.sign({ sub: 'u1', aud: 'mobile-bff' }) });
      const before = idp.hits.jwks;
      const forged = await Promise.all(
        Array.from({ length: 20 }, async (_, i) =>
          idp.sign({ sub: 'u1', aud: 'mobile-bff' }, await TestIdp.generateKey('ES256', `forged-${i}`)),
        ),
      );
      const answers = await Promise.all(forged.map((token) => bff.call('/v1/home', { token })));
      for (const res of answers) expectProblem(res, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
      expect(idp.hits.jwks - before).toBeLessThanOrEqual(1);
    });
  });

  it('a key rotated at the identity provider is picked up without a restart, after a short cooldown', async () => {
    const bff = await startMobile(stack, {
      AUTH_ISSUER: undefined,
      AUTH_ISSUERS: JSON.stringify([{ issuer: stack.urls.idp, jwksCooldownMs: 300 }]),
    });
    try {
      const before = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
      expect((await bff.call('/v1/home', { token: before })).status).toBe(200);
      const rotated = await fetch(`${stack.urls.idp}/__rotate`, { method: 'POST' });
      expect(rotated.status).toBe(200);
      const after = await mintUserToken(stack.urls.idp, { sub: 'u2', aud: 'mobile-bff' });
      expect(after).not.toBe(before);
      await eventually(async () => (await bff.call('/v1/home', { token: after })).status === 200, 5000);
      expect((await bff.call('/v1/home', { token: after })).body.user.id).toBe('u2');
    } finally {
      await bff.close();
    }
  });

  it('with the JWKS endpoint down, the last good key set keeps serving and readiness says so', async () => {
    const idp = await TestIdp.start();
    const issuers = [{ issuer: idp.issuer, jwksCacheMaxAgeMs: 1, jwksCooldownMs: 60_000 }];
    const bff = await startMobile(stack, {
      AUTH_ISSUER: undefined,
      AUTH_ISSUERS: JSON.stringify(issuers),
      AUTH_TOKEN_CACHE_MAX_AGE_MS: '0',
      READINESS_CACHE_MS: '0',
    });
    try {
      expect(
        (await bff.call('/v1/home', { token: await idp.sign({ sub: 'u1', aud: 'mobile-bff' }) })).status,
      ).toBe(200);
      idp.hang = true;
      const stateOf = async () => (await bff.call('/health/ready?detail=true')).body.detail?.status?.auth;
      // A token never seen before (no verified-token cache): verified against the last good key set.
      for (const sub of ['u2', 'u3']) {
        const res = await bff.call('/v1/home', { token: await idp.sign({ sub, aud: 'mobile-bff' }) });
        expect(res.status).toBe(200);
      }
      await eventually(async () => JSON.stringify(await stateOf()).includes('"stale":true'), 5000);
      const ready = await bff.call('/health/ready?detail=true');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.keys).toBe('up');
    } finally {
      await bff.close();
      await idp.close();
    }
  });

  describe('header hygiene', () => {
    let users: Awaited<ReturnType<typeof startRecordingProxy>>;
    let bff: RunningBff;
    beforeAll(async () => {
      users = await startRecordingProxy(stack.urls.users);
      bff = await startMobile(stack, { UPSTREAM_USERS_URL: users.url });
    });
    afterAll(async () => {
      await bff.close();
      await users.close();
    });

    it('forgeable identity headers are stripped on ingress; upstreams see only the verified identity', async () => {
      const token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
      const res = await bff.call('/v1/home', {
        token,
        headers: {
          'x-user-id': 'admin',
          'x-client-id': 'partner-acme',
          'x-tenant-id': 'acme',
          'x-forwarded-user': 'admin',
          'x-api-key': 'bffk_live_forged',
          cookie: 'session=secret-cookie',
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe('u1');
      expect(users.seen.length).toBeGreaterThan(0);
      for (const headers of users.seen) {
        expect(headers['x-user-id']).toBe('u1');
        for (const name of [
          'authorization',
          'cookie',
          'x-api-key',
          'x-client-id',
          'x-tenant-id',
          'x-forwarded-user',
        ]) {
          expect({ [name]: headers[name] }).toEqual({ [name]: undefined });
        }
        expect(JSON.stringify(headers)).not.toContain(token);
      }
    });
  });

  it('scopes from an `scp` array claim are enforced (partner-bff, client token of another issuer)', async () => {
    const idp = await TestIdp.start();
    const issuers = [
      {
        issuer: idp.issuer,
        audience: 'partner-bff',
        claims: { scopes: 'scp', tenant: 'org', clientRules: ['sub@clients'] },
      },
    ];
    const bff = await startBff({
      loadConfig: partnerConfig,
      module: (c) => PartnerBffModule.forRoot(c),
      audience: 'partner-bff',
      stack,
      env: { AUTH_ISSUER: undefined, AUTH_ISSUERS: JSON.stringify(issuers) },
    });
    try {
      const claims = { sub: 'partner-acme@clients', aud: 'partner-bff', org: 'acme' };
      const reader = await idp.sign({ ...claims, scp: ['products:read', 'orders:read'] });
      const productsOnly = await idp.sign({ ...claims, scp: ['products:read'] });
      expect((await bff.call('/v1/orders', { token: reader })).status).toBe(200);
      const refused = await bff.call('/v1/orders', { token: productsOnly });
      expectProblem(refused, 403, 'BFF_ERR_AUTH_FORBIDDEN');
      expect(refused.text).toContain('orders:read');
    } finally {
      await bff.close();
      await idp.close();
    }
  });
});
