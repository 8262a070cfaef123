import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, PrincipalKinds, Scopes, type Principal } from '@bff/auth';
import { IdPipe } from '@bff/core';
import { JobsService } from '@bff/jobs';
import { partnerIdOf } from '../partner.principal';
import type { JobResponse } from './export.schemas';
import { toJobResponse } from './job.view';

/** The partner's jobs: status and progress, then the result. Another partner's job is a 404, never a 403. */
@Controller('v1/jobs')
@PrincipalKinds('client')
export class PartnerJobsController {
  constructor(private readonly jobs: JobsService) {}

  /** @throws ResourceNotFoundError (404) for an unknown, expired or another partner's job */
  @Get(':id')
  @Scopes('orders:read')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', IdPipe) id: string): Promise<JobResponse> {
    return toJobResponse(this.jobs, await this.jobs.get(partnerIdOf(principal), id));
  }

  /**
   * Streams the result (NDJSON for an export), read from the job store as it is sent.
   * @throws ResourceNotFoundError (404); JobNotFinishedError (409) before the job succeeded
   */
  @Get(':id/result')
  @Scopes('orders:read')
  async result(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const result = await this.jobs.result(partnerIdOf(principal), id);
    reply.header('cache-control', 'private, no-store');
    return new StreamableFile(result.stream, { type: result.contentType, length: result.bytes });
  }
}
