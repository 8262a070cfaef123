import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { installServerTiming } from './server-timing';
import { addObservabilityPanels } from './status/observability.panels';
import { statusControllers } from './status/status.controller';
import { StatusView } from './status/status.view';
import { installTracingHooks } from './tracing/tracing.hooks';
import type { Tracing } from './tracing/tracing.options';
import { TRACING, tracingProvider } from './tracing/tracing.provider';
import {
  ConfigurableModuleClass,
  OBSERVABILITY_OPTIONS,
  OBSERVABILITY_OPTIONS_TYPE,
  type ObservabilityModuleOptions,
} from './observability.module-definition';

/** Default of `tracingShutdownTimeoutMs`. */
const TRACING_SHUTDOWN_TIMEOUT_MS = 5000;

/**
 * Health endpoints, `/metrics`, the live status page (`/status`), RED metrics for every route, the global
 * {@link HealthRegistry} libs register their readiness checks, status and status-page panels with, and, with
 * `tracing`, a span per request and per upstream attempt exported over OTLP (flushed on shutdown, after the
 * last request).
 * @example ObservabilityModule.forRoot({ serviceName: 'mobile-bff' })
 * @throws ConfigError (BFF_ERR_CONFIG) at startup on a bad timeout or a duplicate check name
 */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [
    MetricsService,
    StatusView,
    tracingProvider,
    {
      provide: HealthRegistry,
      inject: [OBSERVABILITY_OPTIONS],
      useFactory: function createHealthRegistry(options: ObservabilityModuleOptions): HealthRegistry {
        const registry = new HealthRegistry({
          defaultTimeoutMs: options.readinessTimeoutMs,
          cacheMs: options.readinessCacheMs,
          critical: options.criticalChecks,
          clock: options.clock,
        });
        for (const [name, check] of Object.entries(options.readinessChecks ?? {})) {
          registry.addCheck({ name, check });
        }
        return registry;
      },
    },
  ],
  exports: [MetricsService, HealthRegistry, TRACING],
})
export class ObservabilityModule
  extends ConfigurableModuleClass
  implements OnModuleInit, OnApplicationShutdown
{
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
    private readonly health: HealthRegistry,
    @Inject(TRACING) private readonly tracing: Tracing | null,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityModuleOptions,
  ) {
    super();
  }

  /**
   * The module with the status routes its `statusPage` setting asks for (`protected` unless set).
   * @example ObservabilityModule.forRoot({ serviceName: 'mobile-bff', statusPage: 'public' })
   */
  static override forRoot(options: typeof OBSERVABILITY_OPTIONS_TYPE): DynamicModule {
    const module = super.forRoot(options);
    return {
      ...module,
      controllers: [...(module.controllers ?? []), ...statusControllers(options.statusPage ?? 'protected')],
    };
  }

  onModuleInit(): void {
    addObservabilityPanels(this.health, this.metrics);
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    if (this.tracing !== null) installTracingHooks(fastify, this.tracing);
    const traced = this.tracing !== null;
    installServerTiming(fastify);
    const metrics = this.metrics;
    fastify.addHook('onRequest', function countInFlight(_request, _reply, done) {
      metrics.inFlight++;
      done();
    });
    // A request the client abandons may never reach onResponse; one that does is not counted twice.
    const abandoned = new WeakSet<object>();
    fastify.addHook('onRequestAbort', function countAbandoned(request, done) {
      abandoned.add(request);
      metrics.inFlight--;
      done();
    });
    fastify.addHook('onResponse', function recordRequestMetrics(request, reply, done) {
      if (!abandoned.has(request)) metrics.inFlight--;
      const route = request.routeOptions.url ?? 'unmatched';
      // With tracing, a sampled request's trace id is the exemplar of its latency bucket.
      const exemplar = traced && request.bffSpan?.sampled ? request.bffContext?.trace : undefined;
      metrics.recordRequest(request.method, route, reply.statusCode, reply.elapsedTime, exemplar);
      const degraded = request.bffContext?.degraded;
      if (degraded !== undefined && degraded.length > 0) metrics.recordDegraded(route, degraded);
      done();
    });
  }

  /** Exports the spans still queued (the server has closed: every request's span has ended). */
  async onApplicationShutdown(): Promise<void> {
    await this.tracing?.shutdown(this.options.tracingShutdownTimeoutMs ?? TRACING_SHUTDOWN_TIMEOUT_MS);
  }
}
