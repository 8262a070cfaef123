import { ConfigError, type Env } from '@bff/core';
import { loadConfig as mobile } from '../apps/mobile-bff/src/config';
import { loadConfig as partner } from '../apps/partner-bff/src/config';
import { loadConfig as web } from '../apps/web-bff/src/config';

function problemsOf(load: (env: Env) => unknown, env: Env): readonly string[] {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('BFF configuration', () => {
  it.each([
    [
      'mobile-bff',
      mobile,
      ['UPSTREAM_USERS_URL', 'UPSTREAM_ORDERS_URL', 'UPSTREAM_CATALOG_URL', 'UPSTREAM_INVENTORY_URL'],
    ],
    [
      'web-bff',
      web,
      ['UPSTREAM_USERS_URL', 'UPSTREAM_ORDERS_URL', 'UPSTREAM_CATALOG_URL', 'UPSTREAM_INVENTORY_URL'],
    ],
    ['partner-bff', partner, ['UPSTREAM_ORDERS_URL', 'UPSTREAM_CATALOG_URL', 'UPSTREAM_INVENTORY_URL']],
  ] as const)('%s refuses to start without its required variables, naming each', (_name, load, upstreams) => {
    expect(problemsOf(load, {})).toEqual([
      'AUTH_ISSUER: is required but not set',
      ...upstreams.map((v) => `${v}: is required but not set`),
    ]);
  });

  it('names a malformed value and says why', () => {
    const env = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_ORDERS_URL: 'not a url',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
      PORT: '99999',
      REQUEST_TIMEOUT_MS: '0',
      REDIS_URL: 'http://not-redis',
    };
    expect(problemsOf(partner, env)).toEqual([
      'PORT: must be between 0 and 65535, got 99999',
      'REQUEST_TIMEOUT_MS: must be between 1 and 600000, got 0',
      'REDIS_URL: must use redis: or rediss:, got "http:"',
      'UPSTREAM_ORDERS_URL: must be an absolute URL, got "not a url"',
    ]);
  });

  it('applies the documented defaults', () => {
    const config = mobile({
      AUTH_ISSUER: 'http://127.0.0.1:4000/',
      UPSTREAM_USERS_URL: 'http://127.0.0.1:4001',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
    });
    expect(config).toEqual({
      name: 'mobile-bff',
      core: {
        port: 3002,
        host: '127.0.0.1',
        logLevel: 'info',
        requestTimeoutMs: 10_000,
        bodyLimitBytes: 1_048_576,
        trustProxy: false,
        shutdownTimeoutMs: 10_000,
        drainDelayMs: 0,
        http: {
          headersTimeoutMs: 10_000,
          bodyTimeoutMs: 30_000,
          cors: false,
          compression: { thresholdBytes: 1024 },
        },
      },
      redis: { url: undefined },
      tracing: { enabled: false },
      auth: {
        // Kept exactly as written: an issuer identifier may end in '/' (Auth0's do) and must match `iss` exactly.
        issuer: 'http://127.0.0.1:4000/',
        issuers: [{ issuer: 'http://127.0.0.1:4000/', audience: 'mobile-bff' }],
        principalKinds: ['user'],
        audience: 'mobile-bff',
        tokenCacheMaxAgeMs: 60_000,
        tierClaim: 'tier',
      },
      downstream: {
        upstreams: {
          users: 'http://127.0.0.1:4001',
          orders: 'http://127.0.0.1:4002',
          catalog: 'http://127.0.0.1:4003',
          inventory: 'http://127.0.0.1:4004',
        },
        settings: { users: {}, orders: {}, catalog: {}, inventory: {} },
        responseCacheMaxBytes: 16 * 1024 * 1024,
      },
      rateLimit: {
        enabled: true,
        defaults: [
          {
            name: 'minute',
            algorithm: 'gcra',
            limit: 300,
            windowMs: 60_000,
            burst: 50,
            onStoreFailure: 'fail-open',
          },
        ],
        tiers: {},
        failMode: 'fail-open',
        legacyHeaders: false,
        storeTimeoutMs: 50,
        storeCoolDownMs: 5000,
        shield: { perMinute: 600, burst: 100 },
      },
      observability: { readinessCacheMs: 1000, serverTiming: 'debug', statusPage: 'protected' },
      idempotency: { ttlMs: 86_400_000, leaseMs: 60_000, memoryMaxKeys: 10_000, replicaWaitMs: 100 },
      // config/mobile-bff.policy.yaml under the working directory, read when POLICY_FILE is unset
      policy: expect.objectContaining({ file: expect.stringMatching(/config\/mobile-bff\.policy\.yaml$/) }),
    });
  });

  it('reads each upstream’s read-policy variables, naming every bad one', () => {
    const env = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_USERS_URL: 'http://127.0.0.1:4001',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003,http://127.0.0.2:4003',
      UPSTREAM_CATALOG_CACHE_ROUTES: '/products/*',
      UPSTREAM_CATALOG_CACHE_SHARED: 'true',
      UPSTREAM_CATALOG_HEDGE_DELAY_MS: 'p95',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
      UPSTREAM_INVENTORY_COALESCE: 'false',
    };
    expect(mobile(env).downstream.settings).toEqual({
      users: {},
      orders: {},
      catalog: {
        instances: ['http://127.0.0.1:4003', 'http://127.0.0.2:4003'],
        cache: { routes: ['/products/*'], shared: true },
        hedge: { delayMs: 'p95' },
      },
      inventory: { coalesce: false },
    });
    expect(() =>
      mobile({
        ...env,
        UPSTREAM_CATALOG_HEDGE_DELAY_MS: 'soon',
        UPSTREAM_CATALOG_CACHE_ROUTES: 'products',
        UPSTREAM_USERS_COALESCE: 'maybe',
      }),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          'UPSTREAM_USERS_COALESCE: must be true or false, got "maybe"',
          'UPSTREAM_CATALOG_CACHE_ROUTES: must be "off", "*" or comma-separated paths starting with "/", got "products"',
          'UPSTREAM_CATALOG_HEDGE_DELAY_MS: must be an integer, got "soon"',
        ]),
      }),
    );
  });

  it('reads the partner tiers and the rate-limit variables, naming every bad one with the others', () => {
    const base = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
    };
    const { rateLimit } = partner(base);
    expect(rateLimit.defaults.map((p) => [p.name, p.limit, p.burst])).toEqual([
      ['minute', 60, 10],
      ['daily', 10_000, 10_000],
    ]);
    expect(rateLimit.tiers.gold.map((p) => [p.name, p.limit, p.burst])).toEqual([
      ['minute', 6000, 600],
      ['daily', 1_000_000, 1_000_000],
    ]);
    expect(
      problemsOf(partner, {
        ...base,
        PORT: 'x',
        RATE_LIMIT_PER_MIN: '0',
        RATE_LIMIT_FAIL_MODE: 'never',
        AUTH_TIER_CLAIM: '',
        REDIS_URL: 'http://x',
      }),
    ).toEqual([
      'PORT: must be an integer, got "x"',
      'REDIS_URL: must use redis: or rediss:, got "http:"',
      'RATE_LIMIT_PER_MIN: must be between 1 and 1000000000, got 0',
      'RATE_LIMIT_FAIL_MODE: must be one of open, closed, got "never"',
    ]);
  });

  it('refuses a drain delay that would outlast the shutdown timeout', () => {
    const base = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
    };
    expect(partner({ ...base, SHUTDOWN_DRAIN_DELAY_MS: '5000' }).core.drainDelayMs).toBe(5000);
    expect(problemsOf(partner, { ...base, SHUTDOWN_DRAIN_DELAY_MS: '10000' })).toEqual([
      'SHUTDOWN_DRAIN_DELAY_MS (10000) must be below SHUTDOWN_TIMEOUT_MS (10000)',
    ]);
  });

  it('reads the idempotency TTL and refuses a lease that a request could outlast', () => {
    const base = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
    };
    expect(partner({ ...base, IDEMPOTENCY_TTL_S: '3600' }).idempotency.ttlMs).toBe(3_600_000);
    expect(problemsOf(partner, { ...base, IDEMPOTENCY_LEASE_MS: '10000' })).toEqual([
      'IDEMPOTENCY_LEASE_MS (10000) must be above REQUEST_TIMEOUT_MS (10000)',
    ]);
  });

  it('partner jobs follow REDIS_CLUSTER_NODES as they follow REDIS_URL; JOBS_STORE=redis needs one of them', () => {
    const base = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
    };
    expect(partner(base).jobs.backend).toEqual({ kind: 'memory' });
    expect(partner({ ...base, REDIS_URL: 'redis://127.0.0.1:6390' }).jobs.backend).toEqual({ kind: 'redis' });
    const cluster = partner({ ...base, REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001' });
    expect(cluster.jobs.backend).toEqual({ kind: 'redis' });
    expect(cluster.idempotency.replicas).toBeUndefined(); // 1 on a cluster, decided with the connection
    expect(partner({ ...base, IDEMPOTENCY_REPLICAS: '2' }).idempotency.replicas).toBe(2);
    expect(problemsOf(partner, { ...base, JOBS_STORE: 'redis' })).toEqual([
      'JOBS_STORE: redis needs REDIS_URL or REDIS_CLUSTER_NODES',
    ]);
  });

  it('reads AUTH_TOKEN_CACHE_MAX_AGE_MS, where 0 turns the verified-token cache off', () => {
    const base = {
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      UPSTREAM_ORDERS_URL: 'http://127.0.0.1:4002',
      UPSTREAM_CATALOG_URL: 'http://127.0.0.1:4003',
      UPSTREAM_INVENTORY_URL: 'http://127.0.0.1:4004',
    };
    expect(partner({ ...base, AUTH_TOKEN_CACHE_MAX_AGE_MS: '0' }).auth.tokenCacheMaxAgeMs).toBe(0);
    expect(problemsOf(partner, { ...base, AUTH_TOKEN_CACHE_MAX_AGE_MS: '-1' })).toEqual([
      'AUTH_TOKEN_CACHE_MAX_AGE_MS: must be between 0 and 3600000, got -1',
    ]);
  });
});
