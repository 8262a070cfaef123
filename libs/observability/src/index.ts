export { createLogger, REDACTED_PATHS, type LoggerOptions } from '@bff/core';
export * from './metrics.service';
export * from './observability.module';
export * from './health.types';
export { HealthRegistry, type HealthRegistryOptions } from './health.registry';
export { contributeHealth, type HealthContribution } from './health.contribution';
export { HealthController, type ReadinessAnswer } from './health.controller';
export { httpReachable } from './http-reachable.check';
export { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from './observability.module-definition';
export * from './observability.env';
export * from './server-timing';
export { readTracingEnv, type TracingEnvConfig, type TracingEnvSpec } from './tracing/tracing.env';
export type {
  AttemptSpan,
  AttemptSpanStart,
  SamplerName,
  ServerSpan,
  Tracing,
  TracingOptions,
} from './tracing/tracing.options';
export { TRACING } from './tracing/tracing.provider';
export { loadTracing } from './tracing/load-tracing';
