import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, PrincipalKinds, Scopes, type Principal } from '@bff/auth';
import { ValidationError } from '@bff/core';
import { JobsService } from '@bff/jobs';
import { partnerIdOf } from '../partner.principal';
import { CreateExportBody, type JobResponse } from './export.schemas';
import { toJobResponse } from './job.view';
import { ORDERS_EXPORT, type OrdersExportInput } from './orders-export.job';
import { validator } from './schema-validator';

const validateBody = validator(CreateExportBody);

/** `POST /v1/exports`: starts an export of the partner's orders; answers at once, the job runs in the background. */
@Controller('v1/exports')
@PrincipalKinds('client')
export class PartnerExportsController {
  constructor(private readonly jobs: JobsService) {}

  /**
   * 202 with `Location: /v1/jobs/{id}` and the queued job.
   * @throws ValidationError (400) naming the field; JobLimitReachedError (429) past the partner's active jobs
   */
  @Post()
  @HttpCode(202)
  @Scopes('orders:read')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse> {
    const { from, to, callbackUrl } = validateBody(body);
    const input: OrdersExportInput = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    if (input.to <= input.from) throw new ValidationError('Field "to" must be after "from".');
    const record = await this.jobs.submit(partnerIdOf(principal), ORDERS_EXPORT, input, { callbackUrl });
    const response = toJobResponse(this.jobs, record);
    reply.header('location', response.links.self);
    return response;
  }
}
