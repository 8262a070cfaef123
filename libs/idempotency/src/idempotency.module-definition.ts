import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { IdempotencyModuleOptions } from './idempotency.module-options';

/**
 * The dynamic-module plumbing of `IdempotencyModule`: `forRoot(options)` and `forRootAsync({ useFactory, inject })`.
 * `IDEMPOTENCY_MODULE_OPTIONS` is the injection token of the options.
 */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: IDEMPOTENCY_MODULE_OPTIONS,
  OPTIONS_TYPE: IDEMPOTENCY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: IDEMPOTENCY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<IdempotencyModuleOptions>().setClassMethodName('forRoot').build();
