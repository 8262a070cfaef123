import { Injectable } from '@nestjs/common';
import type { Principal } from '@bff/auth';
import { ValidationError } from '@bff/core';
import { JobsService, type JobRecord, type JobResult } from '@bff/jobs';
import { partnerIdOf } from '../partner.principal';
import type { ApiVersion, JobResponse, NewExport } from './export.schemas';
import { ORDERS_EXPORT, type OrdersExportInput } from './orders-export.job';

/** The jobs behind every version of the exports and jobs routes: versions differ in links and line shape. */
@Injectable()
export class PartnerExportsService {
  constructor(private readonly jobs: JobsService) {}

  /**
   * Queues an export of the partner's orders whose lines have the shape of `version`.
   * @throws ValidationError (400) when `to` is not after `from`; JobLimitReachedError (429) past the
   *   partner's active jobs
   */
  async submit(principal: Principal, body: NewExport, version: ApiVersion): Promise<JobResponse> {
    const input: OrdersExportInput = {
      from: new Date(body.from).toISOString(),
      to: new Date(body.to).toISOString(),
      version,
    };
    if (input.to <= input.from) throw new ValidationError('Body field "to" must be after "from".');
    const owner = partnerIdOf(principal);
    const record = await this.jobs.submit(owner, ORDERS_EXPORT, input, { callbackUrl: body.callbackUrl });
    return this.view(record, version);
  }

  /** @throws ResourceNotFoundError (404) for an unknown, expired or another partner's job */
  async get(principal: Principal, id: string, version: ApiVersion): Promise<JobResponse> {
    return this.view(await this.jobs.get(partnerIdOf(principal), id), version);
  }

  /** @throws ResourceNotFoundError (404); JobNotFinishedError (409) before the job succeeded */
  result(principal: Principal, id: string): Promise<JobResult> {
    return this.jobs.result(partnerIdOf(principal), id);
  }

  /** A job as the partner API publishes it: the lib's view with the links to poll and fetch in `version`. */
  private view(record: JobRecord, version: ApiVersion): JobResponse {
    const self = `/v${version}/jobs/${record.id}`;
    return { ...this.jobs.view(record), links: { self, result: `${self}/result` } };
  }
}
