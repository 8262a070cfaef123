import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

const SECRET = 'introspection-secret';

/** An RFC 7662 introspection endpoint that knows a few opaque tokens and counts its calls per token. */
async function startIntrospectionServer(issuer: string) {
  const calls = new Map<string, number>();
  const exp = () => Math.floor(Date.now() / 1000) + 600;
  const known: Record<string, () => Record<string, unknown>> = {
    'opaque-user-1': () => ({
      active: true,
      sub: 'u1',
      scope: 'profile',
      exp: exp(),
      iss: issuer,
      aud: 'mobile-bff',
    }),
    'opaque-user-2': () => ({ active: true, sub: 'u2', exp: exp() }),
    'opaque-other-aud': () => ({ active: true, sub: 'u1', exp: exp(), aud: 'billing-api' }),
    'opaque-expired': () => ({ active: true, sub: 'u1', exp: Math.floor(Date.now() / 1000) - 60 }),
  };
  let down = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (down) return void res.writeHead(503).end();
      const expected = `Basic ${Buffer.from(`mobile-bff:${SECRET}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return void res.writeHead(401).end();
      const token = new URLSearchParams(body).get('token') ?? '';
      calls.set(token, (calls.get(token) ?? 0) + 1);
      const answer = known[token]?.() ?? { active: false };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/introspect`,
    calls: (token: string) => calls.get(token) ?? 0,
    totalCalls: () => [...calls.values()].reduce((sum, n) => sum + n, 0),
    setDown: (value: boolean) => void (down = value),
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('opaque access tokens through token introspection (RFC 7662, e2e)', () => {
  let stack: DemoStack;
  let introspection: Awaited<ReturnType<typeof startIntrospectionServer>>;
  let bff: RunningBff;

  beforeAll(async () => {
    stack = await startDemoStack();
    introspection = await startIntrospectionServer(stack.urls.idp);
    bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      env: { AUTH_INTROSPECTION_URL: introspection.url, AUTH_INTROSPECTION_CLIENT_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await bff?.close();
    await introspection?.close();
    await stack?.close();
  });

  it('an active opaque token is the user it names; repeated use makes one introspection call', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await bff.call('/v1/home', { token: 'opaque-user-1' });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe('u1');
    }
    expect(introspection.calls('opaque-user-1')).toBe(1);
  });

  it('concurrent first uses of one token share one introspection call', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => bff.call('/v1/home', { token: 'opaque-user-2' })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(introspection.calls('opaque-user-2')).toBe(1);
  });

  it('inactive, other-audience and expired tokens get the generic 401s; a flood of one bad token is one call', async () => {
    for (let i = 0; i < 5; i++) {
      expectProblem(
        await bff.call('/v1/home', { token: 'opaque-unknown' }),
        401,
        'BFF_ERR_AUTH_INVALID_TOKEN',
      );
    }
    expect(introspection.calls('opaque-unknown')).toBe(1);
    expectProblem(
      await bff.call('/v1/home', { token: 'opaque-other-aud' }),
      401,
      'BFF_ERR_AUTH_INVALID_TOKEN',
    );
    expectProblem(await bff.call('/v1/home', { token: 'opaque-expired' }), 401, 'BFF_ERR_AUTH_TOKEN_EXPIRED');
  });

  it('an opaque token over 8 KiB is the generic 401 of an oversized JWT and never reaches the endpoint', async () => {
    const callsBefore = introspection.totalCalls();
    const oversized = 'o'.repeat(8 * 1024 + 1);
    const res = await bff.call('/v1/home', { token: oversized });
    expectProblem(res, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    const jwtShaped = await bff.call('/v1/home', { token: `${'a'.repeat(8 * 1024)}.b.c` });
    expectProblem(jwtShaped, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    const answer = ({ type, title, status, detail, code }: Record<string, unknown>) => ({
      type,
      title,
      status,
      detail,
      code,
    });
    expect(answer(res.body)).toEqual(answer(jwtShaped.body));
    expect(res.headers['www-authenticate']).toBe(jwtShaped.headers['www-authenticate']);
    expect(introspection.calls(oversized)).toBe(0);
    expect(introspection.totalCalls()).toBe(callsBefore);
  });

  it('an introspection endpoint that cannot answer is a 503, never a 500 or a leaked address', async () => {
    introspection.setDown(true);
    try {
      const res = await bff.call('/v1/home', { token: 'opaque-never-seen' });
      expectProblem(res, 503, 'BFF_ERR_AUTH_UNAVAILABLE');
      expect(res.text).not.toContain('127.0.0.1');
    } finally {
      introspection.setDown(false);
    }
  });
});
