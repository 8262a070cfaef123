export { createLogger, REDACTED_PATHS, type LoggerOptions } from '@bff/core';
export * from './metrics.service';
export * from './observability.module';
export * from './health.types';
export { HealthRegistry, type HealthRegistryOptions, type RenderedPanel } from './health.registry';
export { contributeHealth, type HealthContribution } from './health.contribution';
export { HealthController, type ReadinessAnswer } from './health.controller';
export { httpReachable } from './http-reachable.check';
export {
  OBSERVABILITY_OPTIONS,
  type ObservabilityModuleOptions,
  type StatusPageAccess,
} from './observability.module-definition';
export * from './observability.env';
export * from './server-timing';
export { STATUS_SCOPE, StatusView, type StatusData } from './status/status.view';
export { statusColumns, statusFormat } from './status/status-format';
export { errorTone } from './status/observability.panels';
export { RollingWindow, quantile, type Totals, type WindowDelta } from './status/rolling-window';
export type { TrafficStats } from './status/traffic-window';
export { readTracingEnv, type TracingEnvConfig, type TracingEnvSpec } from './tracing/tracing.env';
export type { SamplerName, ServerSpan, Tracing, TracingOptions } from './tracing/tracing.options';
export { TRACING } from './tracing/tracing.provider';
export { loadTracing } from './tracing/load-tracing';
