export { CircuitBreaker, REJECTED, type CircuitBreakerSnapshot } from './circuit-breaker';
export * from './circuit-breaker.options';
export { CircuitBreakerRegistry, type CircuitBreakerRegistryOptions } from './circuit-breaker.registry';
export { RollingCounts, type RollingCountsOptions } from './rolling-counts';
