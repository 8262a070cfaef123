export * from './downstream.options';
export * from './downstream.errors';
export {
  FAILURE_STATUSES,
  TIMEOUT_ERROR_CODES,
  UNAVAILABLE_ERROR_CODES,
  BAD_GATEWAY_ERROR_CODES,
  UPSTREAM_DETAILS,
  mapTransportError,
  type TransportErrorOptions,
} from './upstream-failure';
export { composePolicies, type CallPolicy, type CallNext } from './call-policy';
export { classify, type CallFailure } from './call-failure';
export { CallCancellation } from './call-cancellation';
export { deadlinePolicy } from './deadline.policy';
export * from './resilience.errors';
export * from './resilience.options';
export {
  ResilienceRegistry,
  type InstanceSnapshot,
  type UpstreamActivitySources,
  type UpstreamResilienceSnapshot,
} from './resilience.registry';
export { BreakerPolicy, BREAKER_FAILURE_OUTCOMES, breakerResult } from './breaker.policy';
export { Bulkhead, type BulkheadSnapshot } from './bulkhead';
export { BulkheadPolicy } from './bulkhead.policy';
export {
  RetryPolicy,
  IDEMPOTENT_METHODS,
  RETRY_STATUSES,
  isIdempotent,
  isRetryable,
  retryAfterMs,
} from './retry.policy';
export { PerOperation } from './per-operation';
export { UpstreamCall } from './upstream-call';
export { IDENTITY_HEADERS, REQUEST_TIMEOUT_HEADER } from './upstream-headers';
export {
  UpstreamClient,
  createUpstreamClient,
  type HttpMethod,
  type SharedClientOptions,
} from './upstream.client';
export {
  DOWNSTREAM_MODULE_OPTIONS,
  DOWNSTREAM_OPTIONS_TYPE,
  DOWNSTREAM_ASYNC_OPTIONS_TYPE,
} from './downstream.module-definition';
export { DownstreamRegistry } from './downstream.registry';
export { DownstreamModule } from './downstream.module';
export * from './aggregate';
export { PartBudgetExceededError } from './part-budget';
export * from './batch-loader';
export * from './downstream.env';
export {
  resilienceEnvSpec,
  resilienceFromEnv,
  resilienceVariables,
  type UpstreamResilienceEnv,
} from './resilience.env';
export { registerResilienceMetrics } from './downstream.metrics';
export { coalescePolicy, type CoalescePolicy, type CoalesceStats } from './coalescing/coalesce.policy';
export { callKey } from './call-key';
export { responseCachePolicy, type ResponseCacheOptions } from './cache/response-cache.policy';
export {
  ResponseCacheStore,
  MemoryResponseCacheStore,
  type CachedAnswer,
  type MemoryResponseCacheOptions,
} from './cache/response-cache.store';
export { RedisResponseCacheStore } from './cache/redis-response-cache.store';
export { parseCacheControl, type CacheDirectives } from './cache/cache-control';
export { hedgePolicy, type HedgeOptions, type HedgePolicy, type HedgeStats } from './hedging/hedge.policy';
export {
  createRetryBudget,
  type RetryBudget,
  type RetryBudgetOptions,
  type RetryBudgetState,
} from './hedging/retry-budget';
export { LatencyWindow } from './hedging/latency-window';
export { InstancePool, type InstancePoolOptions } from './instances/instance-pool';
export {
  InstanceBalancer,
  contextRequestHeader,
  type RequestHeaderReader,
} from './instances/instance-balancer';
export {
  ResolvingPool,
  DNS_DEFAULTS,
  systemLookup,
  type DnsOptions,
  type HostLookup,
  type ResolvedAddress,
} from './instances/resolving-pool';
export type {
  CanaryRule,
  ResolvedCanaryRule,
  ResolvedInstance,
  UpstreamInstance,
} from './instances/upstream-instance';
export {
  OutlierDetector,
  OUTLIER_EJECTION_DEFAULTS,
  type InstanceState,
  type OutlierEjectionOptions,
} from './instances/outlier-ejection';
export { routeMatcher } from './route-matcher';
export { PartContext } from './part-context';
export type { AttemptTracer } from './attempt-tracer';
