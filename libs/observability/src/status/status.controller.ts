import { applyDecorators, Controller, Get, Req, Res, type Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminRoute, Public, SkipRateLimit } from '@bff/core';
import type { StatusPageAccess } from '../observability.module-definition';
import { STATUS_PAGE_CSP } from './status-page.html';
import { StatusView, type StatusData } from './status.view';

/**
 * The status controller for an access setting (none when `off`): `GET /status`, the page (public: it holds no
 * data), and `GET /status/data`, for everyone (`public`) or for principals with scope `bff:status`
 * (`protected`: 401 without credentials, 403 without the scope). A class per call, so two apps of one process
 * keep their own metadata.
 */
export function statusControllers(access: StatusPageAccess): Type[] {
  if (access === 'off') return [];
  const scoped = access === 'protected';

  @applyDecorators(...(scoped ? [] : [Public()]))
  @SkipRateLimit()
  @Controller('status')
  class StatusController {
    constructor(private readonly view: StatusView) {}

    @Public()
    @AdminRoute()
    @Get()
    page(@Res() reply: FastifyReply): void {
      void reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', STATUS_PAGE_CSP)
        .header('cache-control', 'no-store')
        .send(this.view.html);
    }

    @AdminRoute()
    @Get('data')
    data(
      @Req() request: FastifyRequest,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<StatusData> {
      reply.header('cache-control', 'no-store');
      return this.view.data(request.bffContext?.principal, scoped);
    }
  }
  return [StatusController];
}
