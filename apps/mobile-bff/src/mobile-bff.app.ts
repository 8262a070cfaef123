import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from '@bff/core';
import { createLogger } from '@bff/observability';
import type { MobileBffConfig } from './config';
import { MobileBffModule } from './mobile-bff.module';

/** Builds the mobile-bff exactly as `main.ts` runs it (e2e tests use this too). */
export function createMobileBff(config: MobileBffConfig, logger?: Logger): Promise<NestFastifyApplication> {
  return createApp(MobileBffModule.forRoot(config), {
    logger: logger ?? createLogger({ name: config.name, level: config.logLevel }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestTimeoutMs: config.requestTimeoutMs,
  });
}
