import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { BffConfig, Env } from '../config';
import { createApp } from './create-app';
import { createLogger } from './logger';
import { runMain } from './run-main';
import { serve } from './serve';

/**
 * Builds a BFF from its root module and validated config, exactly as its `main.ts` runs it; e2e tests call
 * the same function, so they exercise the production wiring.
 * @example createBffApp(MobileBffModule.forRoot(config), config)
 */
export function createBffApp(
  rootModule: DynamicModule,
  config: BffConfig,
  logger?: Logger,
): Promise<NestFastifyApplication> {
  return createApp(rootModule, {
    logger: logger ?? createLogger({ name: config.name, level: config.core.logLevel }),
    bodyLimit: config.core.bodyLimitBytes,
    trustProxy: config.core.trustProxy,
    requestTimeoutMs: config.core.requestTimeoutMs,
    shutdownTimeoutMs: config.core.shutdownTimeoutMs,
    clock: config.clock,
    versioning: config.versioning,
    ...config.core.http,
  });
}

/** What {@link runBff} needs to start one BFF. */
export interface BffEntry<C extends BffConfig> {
  /** App name, used in startup errors before the config is known. */
  name: string;
  /** Reads and validates the config (throws ConfigError). */
  loadConfig(env: Env): C;
  /** The app's root module for that config. */
  module(config: C): DynamicModule;
}

/**
 * A BFF's whole `main.ts`: validate config (refusing to start with a clear message), build, listen, and
 * shut down gracefully on SIGTERM/SIGINT.
 * @example runBff({ name: 'mobile-bff', loadConfig, module: (c) => MobileBffModule.forRoot(c) }, process.env);
 */
export function runBff<C extends BffConfig>(entry: BffEntry<C>, env: Env): void {
  runMain(entry.name, async () => {
    const config = entry.loadConfig(env);
    const app = await createBffApp(entry.module(config), config);
    const url = await serve(app, {
      port: config.core.port,
      host: config.core.host,
      shutdownTimeoutMs: config.core.shutdownTimeoutMs,
      drainDelayMs: config.core.drainDelayMs,
      admin: config.core.admin,
    });
    app.getHttpAdapter().getInstance().log.info({ url }, `${config.name} listening`);
  });
}
