export * from './rate-limit.policy';
export * from './rate-limit.constants';
export * from './rate-limit.decorators';
export * from './rate-limit.resolve';
export * from './rate-limit.key';
export * from './rate-limit-store.interface';
export * from './rate-limit.headers';
export * from './rate-limit.errors';
export type { AlgorithmResult, GcraState, SlidingWindowState } from './algorithms/algorithm.types';
export { gcra } from './algorithms/gcra.algorithm';
export { slidingWindow } from './algorithms/sliding-window.algorithm';
export { decideAll, decidePolicy, type AlgorithmInput, type AlgorithmState } from './algorithms/decide-all';
export * from './stores/memory-rate-limit.store';
export * from './stores/redis-rate-limit.store';
export {
  RATE_LIMIT_PEEK_SCRIPT,
  RATE_LIMIT_PEEK_SCRIPT_SHA,
  RATE_LIMIT_SCRIPT,
  RATE_LIMIT_SCRIPT_SHA,
} from './stores/redis-rate-limit.script';
export * from './stores/resilient-rate-limit.store';
export * from './rate-limit.env';
export * from './rate-limiter';
export * from './rate-limit.usage';
export * from './client-ip';
export * from './ip-shield';
export * from './shield.step';
export * from './rate-limit.step';
export * from './rate-limit.graphql-plugin';
export * from './rate-limit.module';
export * from './rate-limit.module-options';
export {
  RATE_LIMIT_MODULE_OPTIONS,
  RATE_LIMIT_OPTIONS_TYPE,
  RATE_LIMIT_ASYNC_OPTIONS_TYPE,
} from './rate-limit.module-definition';
