import { Module } from '@nestjs/common';
import { downstreamHealthContribution } from './downstream.health';
import { downstreamMetricsContribution } from './downstream.metrics';
import { downstreamStatusContribution } from './downstream.status';
import { ConfigurableModuleClass } from './downstream.module-definition';
import { DownstreamRegistry } from './downstream.registry';

/**
 * Typed upstream clients for the whole app (global). Inject {@link DownstreamRegistry} and `get(name)`.
 * Each upstream is also a readiness check of `/health/ready` when the app has `ObservabilityModule`, its open
 * breakers turn readiness `degraded` (check `circuits`), and its breakers, bulkheads and retry budget are in
 * `/health/ready?detail=true` (status `downstream`), in `/metrics` and on the status page (panels `upstreams`,
 * `instances`).
 * @example
 * DownstreamModule.forRootAsync({
 *   inject: [AppConfig],
 *   useFactory: (cfg: AppConfig) => ({ upstreams: { users: { baseUrl: cfg.UPSTREAM_USERS_URL } } }),
 * })
 * @throws ConfigError (BFF_ERR_CONFIG) at startup when an upstream's options are invalid
 */
@Module({
  providers: [
    DownstreamRegistry,
    downstreamHealthContribution,
    downstreamMetricsContribution,
    downstreamStatusContribution,
  ],
  exports: [DownstreamRegistry],
})
export class DownstreamModule extends ConfigurableModuleClass {}
