import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { JobsModuleOptions } from './jobs.options';

/** The dynamic-module plumbing of `JobsModule`: `forRoot(options)` and `forRootAsync({ useFactory, inject })`. */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: JOBS_MODULE_OPTIONS,
  OPTIONS_TYPE: JOBS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: JOBS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<JobsModuleOptions>().setClassMethodName('forRoot').build();
