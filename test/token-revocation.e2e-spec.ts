import { eventually, mintUserToken, startRedisServer, type TestRedisServer } from '@bff/testing';
import { decodeJwt } from 'jose';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { runKeysCli } from '../libs/auth/cli/keys.cli';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

describe('revoked JWTs (jti deny-list) across replicas sharing Redis (e2e)', () => {
  let stack: DemoStack;
  let redis: TestRedisServer;
  let replicas: RunningBff[];

  beforeAll(async () => {
    [stack, redis] = await Promise.all([startDemoStack(), startRedisServer()]);
    const start = () =>
      startBff({
        loadConfig,
        module: (c) => MobileBffModule.forRoot(c),
        audience: 'mobile-bff',
        stack,
        env: { REDIS_URL: redis.url },
      });
    replicas = [await start(), await start()];
    for (const replica of replicas) {
      await eventually(async () => (await replica.call('/health/ready')).status === 200, 10_000);
    }
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    await stack?.close();
    await redis?.stop();
  });

  it('a token revoked with `npm run keys -- revoke-token` is refused by every replica within a second, cached or not', async () => {
    const token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
    const other = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
    // Verified (and now in each replica's verified-token cache).
    for (const replica of replicas) expect((await replica.call('/v1/home', { token })).status).toBe(200);

    const { jti, exp, iss } = decodeJwt(token);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const args = ['revoke-token', '--issuer', String(iss), '--jti', String(jti)];
    const code = await runKeysCli(
      [...args, '--until', new Date(exp! * 1000).toISOString()],
      { REDIS_URL: redis.url },
      io,
    );
    expect({ code, lines }).toEqual({ code: 0, lines: [expect.stringContaining(`revoked token ${jti}`)] });

    const started = performance.now();
    await Promise.all(
      replicas.map((replica) =>
        eventually(async () => (await replica.call('/v1/home', { token })).status === 401, 5000),
      ),
    );
    // Each replica reads new revocations every 500 ms; the bound is generous for a loaded CI machine (the
    // exact refresh is proved with a fake clock in redis-token-revocations.spec.ts).
    expect(performance.now() - started).toBeLessThan(2500);
    for (const replica of replicas) {
      const refused = await replica.call('/v1/home', { token });
      expectProblem(refused, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
      expect((await replica.call('/v1/home', { token: other })).status).toBe(200);
    }
    const metrics = (await replicas[0].call('/metrics')).text;
    expect(metrics).toMatch(/auth_failures_total\{reason="token_revoked"\} [1-9]/);
  });

  it('revoke-token without Redis, or without its flags, is a usage error', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(
      await runKeysCli(
        ['revoke-token', '--issuer', 'x', '--jti', 'y', '--until', '2030-01-01T00:00:00Z'],
        {},
        io,
      ),
    ).toBe(2);
    expect(await runKeysCli(['revoke-token', '--jti', 'y'], { REDIS_URL: redis.url }, io)).toBe(2);
    expect(lines.join('\n')).toMatch(/REDIS_URL/);
  });
});
