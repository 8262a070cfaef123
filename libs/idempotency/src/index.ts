export * from './idempotency-store.interface';
export * from './idempotency.constants';
export * from './idempotency-key';
export * from './idempotency.fingerprint';
export * from './idempotency.env';
export * from './idempotency.module-options';
export {
  IDEMPOTENCY_MODULE_OPTIONS,
  IDEMPOTENCY_OPTIONS_TYPE,
  IDEMPOTENCY_ASYNC_OPTIONS_TYPE,
} from './idempotency.module-definition';
export * from './stores/memory-idempotency.store';
export * from './stores/redis-idempotency.store';
export { IDEMPOTENCY_SCRIPT, IDEMPOTENCY_SCRIPT_SHA } from './stores/redis-idempotency.script';
export * from './idempotency.interceptor';
export * from './idempotent.decorator';
export * from './idempotency.providers';
export * from './idempotency.module';
