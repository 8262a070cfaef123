import { Test } from '@nestjs/testing';
import { ConfigError } from '@bff/core';
import {
  DownstreamModule,
  DownstreamRegistry,
  readDownstreamEnv,
  upstreamUrlVariable,
} from '@bff/downstream';
import { HealthRegistry, ObservabilityModule } from '@bff/observability';
import { freePort } from '@bff/testing';
import { json, startUpstream, type TestUpstream } from '../test/test-upstream';

describe('DownstreamModule readiness contribution', () => {
  let upstream: TestUpstream;

  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => json(res, 404, { error: 'no route' }));
  });

  afterAll(() => upstream.close());

  it('registers one critical check per upstream, named after it, down while the upstream is unreachable', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'probe', readinessTimeoutMs: 500 }),
        DownstreamModule.forRoot({
          upstreams: {
            users: { baseUrl: upstream.url },
            orders: { baseUrl: `http://127.0.0.1:${await freePort()}` },
          },
        }),
      ],
    }).compile();
    const registry = moduleRef.get(HealthRegistry);
    try {
      expect(registry.checkNames()).toEqual(['users', 'orders', 'circuits']);
      const report = await registry.check();
      expect(report).toMatchObject({ status: 'unavailable', checks: { users: 'up', orders: 'down' } });
      expect(report.details.orders).toMatchObject({ critical: true, status: 'down' });
    } finally {
      await moduleRef.close();
    }
  });

  it('an open breaker turns readiness degraded (not unavailable) and shows in the detail', async () => {
    const failing = await startUpstream((_req, res) => json(res, 500, { error: 'boom' }));
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'probe', readinessTimeoutMs: 500 }),
        DownstreamModule.forRoot({
          upstreams: { catalog: { baseUrl: failing.url, breaker: { minimumCalls: 4 }, retry: false } },
        }),
      ],
    }).compile();
    const health = moduleRef.get(HealthRegistry);
    const catalog = moduleRef.get(DownstreamRegistry).get('catalog');
    try {
      expect((await health.check()).status).toBe('ok');
      for (let i = 0; i < 5; i++) await catalog.get('/p').catch(() => undefined);
      const report = await health.check();
      expect(report).toMatchObject({ status: 'degraded', checks: { catalog: 'up', circuits: 'down' } });
      expect(report.details.circuits).toMatchObject({ critical: false, error: 'CIRCUIT_OPEN' });
      expect(health.status().downstream).toMatchObject({
        catalog: {
          breakers: { catalog: { state: 'open', calls: 4, failures: 4, rejected: 1 } },
          bulkheads: { catalog: { active: 0, queued: 0, maxConcurrent: 64, maxQueue: 256 } },
        },
      });
    } finally {
      await moduleRef.close();
      await failing.close();
    }
  });
});

describe('readDownstreamEnv', () => {
  it('reads UPSTREAM_<NAME>_URL for each upstream, naming each missing or malformed one', () => {
    expect(upstreamUrlVariable('order-history')).toBe('UPSTREAM_ORDER_HISTORY_URL');
    expect(
      readDownstreamEnv(
        { UPSTREAM_USERS_URL: 'http://users:4001/', UPSTREAM_ORDER_HISTORY_URL: 'https://h' },
        ['users', 'order-history'],
      ),
    ).toEqual({
      upstreams: { users: 'http://users:4001', 'order-history': 'https://h' },
      settings: { users: {}, 'order-history': {} },
      responseCacheMaxBytes: 16 * 1024 * 1024,
    });
    let caught: unknown;
    try {
      readDownstreamEnv({ UPSTREAM_USERS_URL: 'users' }, ['users', 'orders']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'UPSTREAM_USERS_URL: must be an absolute URL, got "users"',
      'UPSTREAM_ORDERS_URL: is required but not set',
    ]);
  });

  it('reads the resilience variables of each upstream: every policy on by default, each settable or off', () => {
    const base = { UPSTREAM_CATALOG_URL: 'http://c', UPSTREAM_USERS_URL: 'http://u' };
    expect(readDownstreamEnv(base, ['catalog']).settings).toEqual({ catalog: {} }); // all on, defaults
    const { settings } = readDownstreamEnv(
      {
        ...base,
        UPSTREAM_CATALOG_BREAKER_FAILURE_PERCENT: '25',
        UPSTREAM_CATALOG_BREAKER_OPEN_MS: '2000',
        UPSTREAM_CATALOG_BREAKER_CONSECUTIVE_TIMEOUTS: '0',
        UPSTREAM_CATALOG_BULKHEAD_MAX: '8',
        UPSTREAM_CATALOG_BULKHEAD_QUEUE: '0',
        UPSTREAM_CATALOG_RETRY_BUDGET_PERCENT: '10',
        UPSTREAM_USERS_BREAKER: 'off',
        UPSTREAM_USERS_RETRY: 'false',
      },
      ['catalog', 'users'],
    );
    expect(settings).toEqual({
      catalog: {
        breaker: { failureRate: 0.25, openMs: 2000, consecutiveTimeouts: 0 },
        bulkhead: { maxConcurrent: 8, maxQueue: 0 },
        retry: { budgetRatio: 0.1 },
      },
      users: { breaker: false, retry: false },
    });
    expect(() =>
      readDownstreamEnv(
        { ...base, UPSTREAM_CATALOG_BULKHEAD_MAX: '0', UPSTREAM_CATALOG_RETRY_BUDGET_PERCENT: '120' },
        ['catalog'],
      ),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'UPSTREAM_CATALOG_BULKHEAD_MAX: must be between 1 and 9007199254740991, got 0',
          'UPSTREAM_CATALOG_RETRY_BUDGET_PERCENT: must be between 0 and 100, got 120',
        ],
      }),
    );
  });
});
