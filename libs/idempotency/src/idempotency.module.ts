import { Module } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store.interface';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { ConfigurableModuleClass, IDEMPOTENCY_MODULE_OPTIONS } from './idempotency.module-definition';
import { idempotencyStoreProvider } from './idempotency.providers';

/**
 * Idempotent writes for a BFF: provides the {@link IdempotencyStore} (Redis with `RedisModule`, in memory
 * otherwise) and the {@link IdempotencyInterceptor} that `@Idempotent()` routes run through. Wired by
 * `BffPlatformModule` from `readIdempotencyEnv`; a route opts in with `@Idempotent()`.
 *
 * @example
 * IdempotencyModule.forRoot({ config: readIdempotencyEnv(process.env), clock })
 * @throws ConfigError (BFF_ERR_CONFIG) from `readIdempotencyEnv` before the module is built.
 */
@Module({
  providers: [idempotencyStoreProvider, IdempotencyInterceptor],
  exports: [IdempotencyStore, IdempotencyInterceptor, IDEMPOTENCY_MODULE_OPTIONS],
})
export class IdempotencyModule extends ConfigurableModuleClass {}
