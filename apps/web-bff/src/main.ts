import { runBff } from '@bff/core';
import { loadConfig } from './config';
import { WebBffModule } from './web-bff.module';

runBff({ name: 'web-bff', loadConfig, module: (config) => WebBffModule.forRoot(config) }, process.env);
