import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, PrincipalKinds, type Principal } from '@bff/auth';
import { Contract } from '@bff/contracts';
import { namedClass } from '../api/named-class';
import { IdParams } from '../api/partner.schemas';
import type { ApiVersion, JobResponse, NewExport } from './export.schemas';
import { createExportContract, getJobContract, getJobResultContract } from './exports.contracts';
import { PartnerExportsService } from './partner-exports.service';

/** `POST /v<n>/exports`: the export's lines in the order shape of `version`. */
function exportsController(version: ApiVersion) {
  @Controller({ path: 'exports', version })
  @PrincipalKinds('client')
  class PartnerExportsController {
    constructor(@Inject(PartnerExportsService) private readonly exports: PartnerExportsService) {}

    @Post()
    @HttpCode(202)
    @Contract(createExportContract(version))
    async create(
      @CurrentPrincipal() principal: Principal,
      @Body() body: NewExport,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<JobResponse> {
      const job = await this.exports.submit(principal, body, version);
      reply.header('location', job.links.self);
      return job;
    }
  }
  return namedClass(PartnerExportsController, `PartnerExportsV${version}Controller`);
}

/**
 * `GET /v<n>/jobs/{id}` and its result: the same job in every version (the links point into `version`).
 * Another partner's job is a 404, never a 403.
 */
function jobsController(version: ApiVersion) {
  @Controller({ path: 'jobs', version })
  @PrincipalKinds('client')
  class PartnerJobsController {
    constructor(@Inject(PartnerExportsService) private readonly exports: PartnerExportsService) {}

    @Get(':id')
    @Contract(getJobContract(version))
    get(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<JobResponse> {
      return this.exports.get(principal, params.id, version);
    }

    @Get(':id/result')
    @Contract(getJobResultContract())
    async result(
      @CurrentPrincipal() principal: Principal,
      @Param() params: IdParams,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<StreamableFile> {
      const result = await this.exports.result(principal, params.id);
      reply.header('cache-control', 'private, no-store');
      return new StreamableFile(result.stream, { type: result.contentType, length: result.bytes });
    }
  }
  return namedClass(PartnerJobsController, `PartnerJobsV${version}Controller`);
}

/** v1 (deprecated: see v2): lines in the v1 order shape. */
export const PartnerExportsV1Controller = exportsController('1');
/** v2: lines in the v2 order shape (money in minor units). */
export const PartnerExportsV2Controller = exportsController('2');
export const PartnerJobsV1Controller = jobsController('1');
export const PartnerJobsV2Controller = jobsController('2');
