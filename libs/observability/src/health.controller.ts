import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@bff/core';
import { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from './observability.module-definition';

/** `GET /health/live` (the process answers) and `GET /health/ready` (its dependencies answer). */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityModuleOptions) {}

  @Get('live')
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.options.serviceName };
  }

  @Get('ready')
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, 'up' | 'down'> }> {
    const entries = Object.entries(this.options.readinessChecks ?? {});
    const timeoutMs = this.options.readinessTimeoutMs ?? 1000;
    const results = await Promise.all(entries.map(([, check]) => withTimeout(check, timeoutMs)));
    const checks = Object.fromEntries(
      entries.map(([name], i) => [name, results[i] ? 'up' : 'down'] as const),
    );
    const ok = results.every(Boolean);
    if (!ok) reply.status(503).header('retry-after', '5');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}

async function withTimeout(check: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      check().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A readiness check that passes when `baseUrl` answers HTTP at all (any status): the dependency is up and
 * reachable; whether a given path exists is not its concern.
 * @example readinessChecks: { users: httpReachable('http://127.0.0.1:4001') }
 */
export function httpReachable(baseUrl: string, timeoutMs = 1000): () => Promise<void> {
  return async () => {
    const res = await fetch(baseUrl, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
  };
}
