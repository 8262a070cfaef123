import { Test } from '@nestjs/testing';
import { ConfigError } from '@bff/core';
import { DownstreamModule, readDownstreamEnv, upstreamUrlVariable } from '@bff/downstream';
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
      expect(registry.checkNames()).toEqual(['users', 'orders']);
      const report = await registry.check();
      expect(report).toMatchObject({ status: 'unavailable', checks: { users: 'up', orders: 'down' } });
      expect(report.details.orders).toMatchObject({ critical: true, status: 'down' });
    } finally {
      await moduleRef.close();
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
});
