import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { Clock } from '@bff/core';
import type { ReadinessProbe } from './health.types';
import type { TracingOptions } from './tracing/tracing.options';

/** Who may see the status page: everyone, principals with scope `bff:status`, or nobody (no routes). */
export type StatusPageAccess = 'public' | 'protected' | 'off';

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
  /**
   * Time (in milliseconds) `/health/ready` answers from the last run of the checks; concurrent probes share
   * one run. Default is 1000 (1 second).
   */
  readinessCacheMs?: number;
  /** Overrides of the libs' `critical` flags, by check name, e.g. `{ keys: true }`. Default is none. */
  criticalChecks?: Readonly<Record<string, boolean>>;
  /**
   * Who may see `GET /status` (the live status page) and its data, `GET /status/data`: `public` (the demo
   * stack), `protected` (the data needs a principal with scope `bff:status`; the page itself holds no data), or
   * `off` (no routes). Default is `protected`.
   */
  statusPage?: StatusPageAccess;
  /** Time (in milliseconds) the status page's rates, error rates and p99s cover. Default is 60000 (1 minute). */
  statusWindowMs?: number;
  /** How often (in milliseconds) the status page polls its data. Default is 2000. */
  statusRefreshMs?: number;
  /** Clock of readiness timeouts, of its cache and of the status window. Default is `systemClock`. */
  clock?: Clock;
  /**
   * Traces exported over OTLP (`readTracingEnv`): a server span per request, a client span per upstream
   * attempt. Default is none: no SDK loaded, no hook installed.
   */
  tracing?: TracingOptions;
  /**
   * Longest wait (in milliseconds) for the last spans to be exported on shutdown. Default is 5000; keep it
   * under `SHUTDOWN_TIMEOUT_MS`.
   */
  tracingShutdownTimeoutMs?: number;
}

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: OBSERVABILITY_OPTIONS,
  OPTIONS_TYPE: OBSERVABILITY_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ObservabilityModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (def, extras) => ({ ...def, global: extras.isGlobal }))
  .build();
