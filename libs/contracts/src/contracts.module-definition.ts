import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ContractsModuleOptions } from './contracts.module-options';

/** The dynamic-module plumbing of `ContractsModule`; `CONTRACTS_MODULE_OPTIONS` is the options' token. */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: CONTRACTS_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<ContractsModuleOptions>().setClassMethodName('forRoot').build();
