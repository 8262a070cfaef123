import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

/** Starts test/support/oidc-provider.mjs (oauth2-mock-server) and resolves with its issuer URL. */
async function startOidcProvider(): Promise<{ issuer: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-provider.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout! }), 'line'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`provider exited with ${code}`))),
  ])) as [string];
  return { issuer: (JSON.parse(line) as { issuer: string }).issuer, process: child };
}

async function clientToken(issuer: string, form: Record<string, string>): Promise<string> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('partner-acme:secret').toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...form }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('a third-party OpenID provider (oauth2-mock-server): discovery, JWKS, audience', () => {
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  let stack: DemoStack;
  let bff: RunningBff;

  beforeAll(async () => {
    provider = await startOidcProvider();
    stack = await startDemoStack();
    // Only the issuer is configured: the JWKS is found through the provider's OpenID discovery document.
    const issuers = [
      { issuer: provider.issuer, audience: 'partner-bff', claims: { clientRules: ['sub@clients'] } },
    ];
    bff = await startBff({
      loadConfig,
      module: (c) => PartnerBffModule.forRoot(c),
      audience: 'partner-bff',
      stack,
      env: { AUTH_ISSUER: undefined, AUTH_ISSUERS: JSON.stringify(issuers) },
    });
  });
  afterAll(async () => {
    await bff?.close();
    await stack?.close();
    provider?.process.kill('SIGTERM');
  });

  it('accepts its client-credentials tokens through discovery, as the same partner as the demo provider', async () => {
    const token = await clientToken(provider.issuer, { aud: 'partner-bff', scope: 'products:read' });
    const res = await bff.call('/v1/products/p1', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'p1' });
  });

  it('refuses its tokens for another audience, and enforces the scopes it granted', async () => {
    const other = await clientToken(provider.issuer, { aud: 'billing-api', scope: 'products:read' });
    expectProblem(await bff.call('/v1/products/p1', { token: other }), 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    const productsOnly = await clientToken(provider.issuer, { aud: 'partner-bff', scope: 'products:read' });
    expectProblem(await bff.call('/v1/orders', { token: productsOnly }), 403, 'BFF_ERR_AUTH_FORBIDDEN');
  });
});
