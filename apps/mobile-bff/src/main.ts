import { runBff } from '@bff/core';
import { loadConfig } from './config';
import { MobileBffModule } from './mobile-bff.module';

runBff({ name: 'mobile-bff', loadConfig, module: (config) => MobileBffModule.forRoot(config) }, process.env);
