import { ConfigurableModuleBuilder } from '@nestjs/common';

/** A readiness probe: resolves when the dependency is usable, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

/** Options of {@link ObservabilityModule}. */
export interface ObservabilityModuleOptions {
  /** Name reported by health endpoints. */
  serviceName: string;
  /** Named dependencies `/health/ready` probes in parallel (upstreams, Redis, ...). */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Time each readiness check may take, in milliseconds. Default is 1000. */
  readinessTimeoutMs?: number;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: OBSERVABILITY_OPTIONS } =
  new ConfigurableModuleBuilder<ObservabilityModuleOptions>()
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (def, extras) => ({ ...def, global: extras.isGlobal }))
    .build();
