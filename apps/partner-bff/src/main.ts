import { runBff } from '@bff/core';
import { loadConfig } from './config';
import { PartnerBffModule } from './partner-bff.module';

runBff(
  { name: 'partner-bff', loadConfig, module: (config) => PartnerBffModule.forRoot(config) },
  process.env,
);
