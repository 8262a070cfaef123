export { createLogger, REDACTED_PATHS, type LoggerOptions } from '@bff/core';
export * from './metrics.service';
export * from './observability.module';
export * from './health.types';
export { HealthRegistry, type HealthRegistryOptions } from './health.registry';
export { contributeHealth, type HealthContribution } from './health.contribution';
export { HealthController, type ReadinessAnswer } from './health.controller';
export { httpReachable } from './http-reachable.check';
export { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from './observability.module-definition';
