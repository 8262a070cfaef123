import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RateLimitModuleOptions } from './rate-limit.module-options';

/**
 * The dynamic-module plumbing of `RateLimitModule`: `forRoot(options)` and `forRootAsync({ useFactory, inject })`.
 * `RATE_LIMIT_MODULE_OPTIONS` is the injection token of the options.
 */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: RATE_LIMIT_MODULE_OPTIONS,
  OPTIONS_TYPE: RATE_LIMIT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RATE_LIMIT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RateLimitModuleOptions>().setClassMethodName('forRoot').build();
