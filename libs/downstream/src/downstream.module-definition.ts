import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DownstreamModuleOptions } from './downstream.options';

/**
 * The dynamic-module plumbing of {@link DownstreamModule}: `forRoot(options)` and
 * `forRootAsync({ useFactory, inject })`, global by default (`isGlobal: false` to scope it).
 */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: DOWNSTREAM_MODULE_OPTIONS,
  OPTIONS_TYPE: DOWNSTREAM_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: DOWNSTREAM_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DownstreamModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
