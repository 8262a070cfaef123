import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStats, mintUserToken, resetStats } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';
import { buildIfStale, ROOT, spawnChild } from './support/built-app';

const dir = mkdtempSync(path.join(tmpdir(), 'policy-e2e-'));

function writePolicy(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('a policy file through the real mobile-bff (real upstreams, real tokens)', () => {
  let bff: RunningBff;
  let canaryStack: DemoStack;
  let token: string;

  beforeAll(async () => {
    canaryStack = await startDemoStack(); // its catalog is the canary version of the catalog
    const stack = await startDemoStack();
    const file = writePolicy(
      'mobile-bff.policy.yaml',
      [
        'version: 1',
        'app: mobile-bff',
        'upstreams:',
        '  catalog:',
        `    instances: [${stack.urls.catalog}, { url: ${canaryStack.urls.catalog}, version: v2 }]`,
        '    canary: { version: v2, header: { name: x-canary, value: catalog-v2 } }',
        '    cache: false', // the file over the app's code, which caches catalog reads
        '    coalesce: false',
        'routes:',
        '  GET /v1/home: { rateLimit: [{ name: home, algorithm: gcra, limit: 3, windowMs: 60000 }] }',
        '',
      ].join('\n'),
    );
    // No UPSTREAM_CATALOG_URL: the file gives the catalog's instances.
    bff = await startBff({
      loadConfig,
      module: (config) => MobileBffModule.forRoot(config),
      audience: 'mobile-bff',
      stack,
      env: { POLICY_FILE: file, UPSTREAM_CATALOG_URL: '' },
    });
    token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
  });
  afterAll(async () => {
    await bff.close();
    await bff.stack.close();
    await canaryStack.close();
  });

  it('sends exactly the catalog calls of requests carrying the canary header to the canary instance', async () => {
    await resetStats(bff.stack.urls.catalog);
    await resetStats(canaryStack.urls.catalog);
    const marked = await bff.call('/v1/home', { token, headers: { 'x-canary': 'catalog-v2' } });
    expect(marked.status).toBe(200);
    const afterMarked = (await getStats(canaryStack.urls.catalog)).requests;
    expect(afterMarked).toBeGreaterThan(0);
    expect((await getStats(bff.stack.urls.catalog)).requests).toBe(0);

    const plain = await bff.call('/v1/home', { token, headers: { 'x-canary': 'something-else' } });
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(marked.body); // the same data from either version
    expect((await getStats(canaryStack.urls.catalog)).requests).toBe(afterMarked);
    expect((await getStats(bff.stack.urls.catalog)).requests).toBe(afterMarked);
  });

  it("applies the file's rate-limit policy to its route, as @RateLimit would", async () => {
    const other = await mintUserToken(bff.stack.urls.idp, { sub: 'u2', aud: 'mobile-bff' });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await bff.call('/v1/home', { token: other });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expectProblem(last!, 429, 'BFF_ERR_RATE_LIMITED');
    expect(String(last!.headers['ratelimit-policy'])).toMatch(/"home";q=3;w=60/);
  });
});

describe('a replica given a broken policy file', () => {
  beforeAll(() => buildIfStale('mobile-bff'));

  it('refuses to start: exit status 1, the file and the path of each problem named', async () => {
    const file = writePolicy(
      'broken.yaml',
      'version: 1\napp: mobile-bff\nupstreams:\n  catalog:\n    retry: { budgetRatio: 1.5 }\n    bulkhead: { maxQueue: -1 }\n',
    );
    const child = spawnChild(process.execPath, [path.join(ROOT, 'dist/apps/mobile-bff/main.js')], {
      PORT: '0',
      LOG_LEVEL: 'silent',
      POLICY_FILE: file,
      AUTH_ISSUER: 'http://127.0.0.1:9',
      ...Object.fromEntries(
        ['USERS', 'ORDERS', 'CATALOG', 'INVENTORY'].map((n) => [`UPSTREAM_${n}_URL`, 'http://127.0.0.1:9']),
      ),
    });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.output()).toContain('mobile-bff refuses to start');
    expect(child.output()).toContain(`${file}: upstreams.catalog.retry.budgetRatio: must be <= 1`);
    expect(child.output()).toContain(`${file}: upstreams.catalog.bulkhead.maxQueue: must be >= 0`);
    expect(child.output()).not.toMatch(/listening/);
  }, 60_000);
});
