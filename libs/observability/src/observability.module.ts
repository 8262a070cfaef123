import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ConfigurableModuleClass } from './observability.module-definition';

/**
 * Health endpoints, `/metrics`, and RED metrics for every route.
 * @example ObservabilityModule.forRoot({ serviceName: 'mobile-bff', readinessChecks: { users: () => ping() } })
 */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class ObservabilityModule extends ConfigurableModuleClass implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    const metrics = this.metrics;
    fastify.addHook('onResponse', function recordRequestMetrics(request, reply, done) {
      metrics.recordRequest(
        request.method,
        request.routeOptions.url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime,
      );
      done();
    });
  }
}
