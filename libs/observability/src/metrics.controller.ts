import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AdminRoute, Public, SkipRateLimit } from '@bff/core';
import { MetricsService } from './metrics.service';

/**
 * `GET /metrics`: Prometheus text exposition, or OpenMetrics (with exemplars) when the scraper asks for it (on
 * the admin listener when the app has one).
 */
@Public()
@SkipRateLimit()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @AdminRoute()
  @Get('metrics')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const { contentType, body } = await this.metrics.exposition(reply.request.headers.accept);
    await reply.header('content-type', contentType).send(body);
  }
}
