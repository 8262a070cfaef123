export { createLogger, REDACTED_PATHS, type LoggerOptions } from '@bff/core';
export * from './metrics.service';
export * from './observability.module';
export { httpReachable } from './health.controller';
export {
  OBSERVABILITY_OPTIONS,
  type ObservabilityModuleOptions,
  type ReadinessCheck,
} from './observability.module-definition';
