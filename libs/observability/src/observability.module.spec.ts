import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '@bff/core';
import { createLogger } from '@bff/core';
import { ObservabilityModule } from './observability.module';

function appWith(checks: Record<string, () => Promise<unknown>>): Promise<NestFastifyApplication> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({ serviceName: 'probe', readinessChecks: checks, readinessTimeoutMs: 100 }),
    ],
  })
  class ProbeModule {}
  return createApp(ProbeModule, { logger: createLogger({ name: 'probe', level: 'silent' }) });
}

describe('ObservabilityModule', () => {
  it('reports live, ready and RED metrics per route', async () => {
    const app = await appWith({ users: async () => 'pong' });
    try {
      expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({
        status: 'ok',
        service: 'probe',
      });
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', checks: { users: 'up' } });
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.body).toMatch(
        /http_server_request_duration_seconds_count\{method="GET",route="\/health\/ready",status_code="200"\} 1/,
      );
      expect(metrics.body).toMatch(/process_cpu_user_seconds_total/);
    } finally {
      await app.close();
    }
  });

  it('answers 503 when a dependency is down or too slow', async () => {
    const app = await appWith({
      users: async () => 'pong',
      redis: () => Promise.reject(new Error('ECONNREFUSED')),
      orders: () => new Promise((r) => setTimeout(r, 1000).unref()),
    });
    try {
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.json()).toEqual({
        status: 'unavailable',
        checks: { users: 'up', redis: 'down', orders: 'down' },
      });
    } finally {
      await app.close();
    }
  });
});
