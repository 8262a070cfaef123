import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ReadinessProbe } from './health.types';

/** Options of {@link ObservabilityModule}. */
export interface ObservabilityModuleOptions {
  /** Name reported by health endpoints. */
  serviceName: string;
  /**
   * App-level readiness probes by name, registered as critical checks. Libs contribute their own checks to
   * the `HealthRegistry` instead (`contributeHealth`). Default is none.
   */
  readinessChecks?: Record<string, ReadinessProbe>;
  /** Time (in milliseconds) each readiness check may take unless it sets its own. Default is 1000. */
  readinessTimeoutMs?: number;
  /** `Retry-After` (in seconds) of a 503 from `/health/ready`. Default is 5. */
  readinessRetryAfterSeconds?: number;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: OBSERVABILITY_OPTIONS } =
  new ConfigurableModuleBuilder<ObservabilityModuleOptions>()
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (def, extras) => ({ ...def, global: extras.isGlobal }))
    .build();
