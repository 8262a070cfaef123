import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@bff/core';
import { mintUserToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { demoEnv, expectProblem, startBff, type RunningBff } from './support/bff-harness';
import { startTlsUpstream, type TlsUpstream } from './support/tls-upstream';

/**
 * A mobile-bff whose users upstream is served over https with a certificate of a private CA: trusted through
 * `UPSTREAM_CA_FILE` (or `UPSTREAM_USERS_CA_FILE`), refused without it, and a wrong file stops the start.
 */
describe('upstreams over https with a configured CA bundle (e2e, real TLS upstream)', () => {
  let stack: DemoStack;
  let users: TlsUpstream;
  const running: RunningBff[] = [];

  beforeAll(async () => {
    stack = await startDemoStack();
    users = await startTlsUpstream(stack.urls.users);
  });
  afterAll(async () => {
    await Promise.all(running.map((bff) => bff.close()));
    await users?.close();
    await stack?.close();
  });

  const start = async (env: Record<string, string>): Promise<RunningBff> => {
    const bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      env: { UPSTREAM_USERS_URL: users.url, RATE_LIMIT_ENABLED: 'false', ...env },
    });
    running.push(bff);
    return bff;
  };

  it.each([['UPSTREAM_CA_FILE'], ['UPSTREAM_USERS_CA_FILE']])(
    'answers through the TLS upstream when %s names its CA, and is ready',
    async (variable) => {
      const bff = await start({ [variable]: users.caFile });
      const before = users.forwarded;
      const home = await bff.call('/v1/home', {
        token: await mintUserToken(stack.urls.idp, { sub: 'u7', aud: 'mobile-bff' }),
      });
      expect(home.status).toBe(200);
      expect(home.body.user.id).toBe('u7');
      expect(users.forwarded).toBeGreaterThan(before);
      const ready = await bff.call('/health/ready?detail=true');
      expect(ready.body.checks.users).toBe('up');
    },
  );

  it('without the CA the certificate is not trusted: 503 unavailable (no 500, no leak) and the users check down', async () => {
    const bff = await start({});
    const home = await bff.call('/v1/home', {
      token: await mintUserToken(stack.urls.idp, { sub: 'u8', aud: 'mobile-bff' }),
    });
    expectProblem(home, 503, 'BFF_ERR_DOWNSTREAM_UNAVAILABLE');
    expect(home.text).not.toMatch(/certificate|CERT|self.signed/i);
    const ready = await bff.call('/health/ready?detail=true');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.users).toBe('down');
  });

  it('a CA file that is missing or holds no certificate stops the start, naming the variable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bff-ca-'));
    try {
      writeFileSync(path.join(dir, 'empty.pem'), 'not a certificate\n');
      const load = (file: string) => () =>
        loadConfig(demoEnv(stack, 'mobile-bff', { UPSTREAM_CA_FILE: file }));
      expect(load(path.join(dir, 'missing.pem'))).toThrow(ConfigError);
      expect(load(path.join(dir, 'missing.pem'))).toThrow(
        /UPSTREAM_CA_FILE: cannot read ".*missing\.pem" \(ENOENT\)/,
      );
      expect(load(path.join(dir, 'empty.pem'))).toThrow(
        /UPSTREAM_CA_FILE: ".*empty\.pem" holds no PEM certificate/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
