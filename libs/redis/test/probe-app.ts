import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, createLogger } from '@bff/core';
import { ObservabilityModule } from '@bff/observability';
import { RedisModule, type RedisModuleOptions } from '@bff/redis';

/** An app with observability and the Redis module, as the platform wires them. */
export async function appWith(options: RedisModuleOptions): Promise<NestFastifyApplication> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({ serviceName: 'probe', readinessCacheMs: 0 }),
      RedisModule.forRoot(options),
    ],
  })
  class ProbeModule {}
  const app = await createApp(ProbeModule, { logger: createLogger({ name: 'probe', level: 'silent' }) });
  await app.init();
  return app;
}

/** Polls `predicate` every 10 ms; resolves with the wait in ms, rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
}
