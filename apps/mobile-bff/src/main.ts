import { runMain, serve } from '@bff/core';
import { loadConfig } from './config';
import { createMobileBff } from './mobile-bff.app';

runMain('mobile-bff', async () => {
  const config = loadConfig(process.env);
  const app = await createMobileBff(config);
  const url = await serve(app, { port: config.port, host: config.host, shutdownTimeoutMs: config.shutdownTimeoutMs });
  app.getHttpAdapter().getInstance().log.info({ url }, 'mobile-bff listening');
});
