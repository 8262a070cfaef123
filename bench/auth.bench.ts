/**
 * The auth guard alone, on one core: the authenticate admission step (credentials read from headers, verified,
 * route requirements checked), in verified requests per second, for a JWT with and without the verified-token
 * cache and for a partner API key. No HTTP, no upstreams: what authentication costs per request. Bundled by the
 * build (dist/cli/bench-auth.js); run with `npm run bench:auth` (`BENCH_AUTH_SECONDS`, default 2 per case).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  ApiKeyManager,
  ApiKeyStrategy,
  AuthenticateStep,
  Authenticator,
  JwtStrategy,
  JwtVerifier,
  MemoryApiKeyStore,
  type ApiKeyRecord,
} from '@bff/auth';
import { staticRoute, type AdmissionContext } from '@bff/core';

const SECONDS = Number(process.env.BENCH_AUTH_SECONDS ?? 2);
const MAX_ITERATIONS = 5_000_000;

/** Counts the store's lookups, to show the cached API-key path makes no store round trip per request. */
class CountingStore extends MemoryApiKeyStore {
  lookups = 0;
  override findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    this.lookups++;
    return super.findByHash(hash);
  }
}

async function measure(
  name: string,
  step: AuthenticateStep,
  headers: Record<string, string>,
): Promise<number> {
  const route = staticRoute({});
  const ctx = (): AdmissionContext =>
    ({ transport: 'http', request: { headers }, route }) as AdmissionContext;
  for (let i = 0; i < 2000; i++) await step.admit(ctx()); // warm up (JIT, caches)
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let n = 0;
  while (n < MAX_ITERATIONS && (n % 256 !== 0 || performance.now() < deadline)) {
    await step.admit(ctx());
    n++;
  }
  const rps = n / ((performance.now() - started) / 1000);
  console.log(
    `${name.padEnd(36)} ${Math.round(rps).toString().padStart(9)} verified req/s  (${(1e6 / rps).toFixed(1)} µs each, n=${n})`,
  );
  return rps;
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const jwks = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
  const issuer = 'https://bench.example/';
  const token = await new SignJWT({ scope: 'orders:read' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience('bench-bff')
    .setSubject('u1')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);

  const stepFor = (strategies: ConstructorParameters<typeof Authenticator>[0]) =>
    new AuthenticateStep(new Authenticator(strategies, 'bench-bff'));
  const jwt = (cache: boolean) =>
    new JwtStrategy(
      [
        new JwtVerifier({
          issuer,
          jwksUrl,
          audience: 'bench-bff',
          ...(cache ? {} : { verifiedTokenCache: false }),
        }),
      ],
      'bench-bff',
    );
  const store = new CountingStore();
  const { key } = await new ApiKeyManager(store).create({
    clientId: 'partner-acme',
    tenant: 'acme',
    tier: 'gold',
    scopes: ['orders:read'],
  });
  const apiKeys = new ApiKeyStrategy(store, { realm: 'bench-bff' });

  console.log(`auth guard alone, one core, ${SECONDS} s per case (node ${process.version})`);
  const cached = await measure('JWT RS256, verified-token cache', stepFor([jwt(true)]), {
    authorization: `Bearer ${token}`,
  });
  const uncached = await measure('JWT RS256, no cache (full verify)', stepFor([jwt(false)]), {
    authorization: `Bearer ${token}`,
  });
  const before = store.lookups;
  const started = performance.now();
  const keyed = await measure('API key (record cached <= 1 s)', stepFor([jwt(true), apiKeys]), {
    'x-api-key': key,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `API key store lookups during the run: ${store.lookups - before} in ${seconds.toFixed(1)} s (at most one per second per key)`,
  );
  console.log(
    `bench: auth jwt_cached=${Math.round(cached)} jwt_full=${Math.round(uncached)} api_key=${Math.round(keyed)} req/s`,
  );
  jwks.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
