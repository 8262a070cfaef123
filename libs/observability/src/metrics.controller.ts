import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public, SkipRateLimit } from '@bff/core';
import { MetricsService } from './metrics.service';

/** `GET /metrics`: Prometheus text exposition, or OpenMetrics (with exemplars) when the scraper asks for it. */
@Public()
@SkipRateLimit()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const { contentType, body } = await this.metrics.exposition(reply.request.headers.accept);
    await reply.header('content-type', contentType).send(body);
  }
}
