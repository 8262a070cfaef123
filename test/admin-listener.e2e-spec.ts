import { request } from 'undici';
import { drainStateOf } from '@bff/core';
import { mintUserToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

const mobile = (stack: DemoStack, env: Record<string, string> = {}) =>
  startBff({
    loadConfig: mobileConfig,
    module: (c) => MobileBffModule.forRoot(c),
    audience: 'mobile-bff',
    stack,
    env: { STATUS_PAGE: 'public', ...env },
  });

describe('admin listener (e2e, mobile-bff, real upstreams)', () => {
  let stack: DemoStack;

  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack.close());

  it('without ADMIN_PORT (the demo stack): health detail, /metrics and /status stay on the API port', async () => {
    const bff = await mobile(stack);
    try {
      expect(bff.adminUrl).toBeUndefined();
      const ready = await bff.call('/health/ready?detail=true');
      expect(ready.status).toBe(200);
      expect(ready.body.detail.status).toHaveProperty('downstream');
      expect((await bff.call('/metrics')).text).toContain('http_server_request_duration_seconds');
      const page = await bff.call('/status');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect((await bff.call('/status/data')).body.panels.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['readiness', 'routes', 'upstreams', 'rate-limits', 'keys']),
      );
    } finally {
      await bff.close();
    }
  });

  describe('with ADMIN_PORT', () => {
    let bff: RunningBff;

    beforeAll(async () => {
      bff = await mobile(stack, { ADMIN_PORT: '0' });
    });
    afterAll(() => bff?.close());

    it('serves detailed health, /metrics and /status on the admin listener only', async () => {
      expect(bff.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(bff.adminUrl).not.toBe(bff.url);

      const detail = await bff.adminCall('/health/ready?detail=true');
      expect(detail.status).toBe(200);
      expect(detail.body.detail.status.downstream).toHaveProperty('users');
      expect((await bff.adminCall('/metrics')).text).toContain('http_server_request_duration_seconds');
      expect((await bff.adminCall('/status')).text).toContain('<!doctype html>');
      expect((await bff.adminCall('/status/data')).body).toMatchObject({ service: 'mobile-bff' });

      for (const path of ['/metrics', '/status', '/status/data'])
        expectProblem(await bff.call(path), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
      // Not a 405 with Allow either: the API port does not reveal that the operator routes exist.
      expectProblem(await bff.call('/metrics', { method: 'POST' }), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
    });

    it('keeps /health/live and a /health/ready without detail on the API port, for load balancers', async () => {
      expect((await bff.call('/health/live')).body).toEqual({ status: 'ok', service: 'mobile-bff' });
      const ready = await bff.call('/health/ready?detail=true');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', checks: expect.objectContaining({ users: 'up' }) });
      expect(ready.body).not.toHaveProperty('detail');
      expect((await bff.adminCall('/health/live')).status).toBe(200);
    });

    it('serves the API on the API port only', async () => {
      const token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
      expect((await bff.call('/v1/home', { token })).status).toBe(200);
      expectProblem(await bff.adminCall('/v1/home', { token }), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
    });
  });

  it('closes both listeners in the drain sequence: readiness fails on both first, then both refuse connections', async () => {
    const bff = await mobile(stack, { ADMIN_PORT: '0' });
    drainStateOf(bff.app).start(); // what SIGTERM does first
    expect((await bff.call('/health/ready')).status).toBe(503);
    expect((await bff.adminCall('/health/ready')).status).toBe(503);
    expect((await bff.adminCall('/metrics')).status).toBe(200); // still scraped during the drain delay
    await bff.close();
    for (const base of [bff.url, bff.adminUrl!]) {
      await expect(request(`${base}/health/live`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    }
  });

  it('refuses an ADMIN_PORT equal to PORT, or malformed', () => {
    expect(() => mobileConfig({ ...baseEnv(stack), PORT: '3002', ADMIN_PORT: '3002' })).toThrow(
      /ADMIN_PORT: must differ from PORT \(3002\)/,
    );
    expect(() => mobileConfig({ ...baseEnv(stack), ADMIN_PORT: 'x' })).toThrow(
      /ADMIN_PORT: must be an integer/,
    );
    expect(mobileConfig({ ...baseEnv(stack), ADMIN_PORT: '9464' }).core.admin).toEqual({
      port: 9464,
      host: '127.0.0.1',
    });
  });
});

function baseEnv(stack: DemoStack): Record<string, string> {
  return { AUTH_ISSUER: stack.urls.idp, ...upstreamUrls(stack) };
}

function upstreamUrls(stack: DemoStack): Record<string, string> {
  return {
    UPSTREAM_USERS_URL: stack.urls.users,
    UPSTREAM_ORDERS_URL: stack.urls.orders,
    UPSTREAM_CATALOG_URL: stack.urls.catalog,
    UPSTREAM_INVENTORY_URL: stack.urls.inventory,
  };
}
