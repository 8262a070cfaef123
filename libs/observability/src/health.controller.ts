import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  AdminRoute,
  drainStateOf,
  hasAdminListener,
  Public,
  servedByAdminListener,
  SkipRateLimit,
} from '@bff/core';
import { HealthRegistry } from './health.registry';
import type { CheckResult, JsonValue, ReadinessReport } from './health.types';
import { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from './observability.module-definition';

/** Body of `GET /health/ready`; `detail` only with `?detail=true`. */
export interface ReadinessAnswer {
  status: ReadinessReport['status'];
  checks: Record<string, 'up' | 'down'>;
  detail?: { checks: Record<string, CheckResult>; status: Record<string, JsonValue> };
}

/** The answer while the app drains: unready at once, without probing anything. */
const DRAINING: ReadinessAnswer = { status: 'unavailable', checks: { draining: 'down' } };

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (its dependencies answer): the
 * {@link HealthRegistry}'s checks (run at most once per `readinessCacheMs`, however many probes arrive), 503 +
 * `Retry-After` while a critical one is down or the app drains (SIGTERM received). Both answer on the API and
 * the admin listener; `?detail=true` only on the admin listener when the app has one.
 */
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  private readonly retryAfter: string;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityModuleOptions,
    private readonly registry: HealthRegistry,
  ) {
    this.retryAfter = String(options.readinessRetryAfterSeconds ?? 5);
  }

  @AdminRoute('both')
  @Get('live')
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.options.serviceName };
  }

  @AdminRoute('both')
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('detail') detail?: string,
  ): Promise<ReadinessAnswer> {
    if (drainStateOf(reply.server).draining) {
      reply.status(503).header('retry-after', this.retryAfter);
      return DRAINING;
    }
    const report = await this.registry.ready();
    if (report.status === 'unavailable') reply.status(503).header('retry-after', this.retryAfter);
    const answer: ReadinessAnswer = { status: report.status, checks: report.checks };
    // With an admin listener the detail is served there only: the API port answers load balancers.
    const detailHere = !hasAdminListener(reply.server) || servedByAdminListener(reply.request);
    if (detailHere && (detail === 'true' || detail === '1')) {
      answer.detail = { checks: report.details, status: this.registry.status() };
    }
    return answer;
  }
}
