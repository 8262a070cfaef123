import type { JobRecord, JobsService } from '@bff/jobs';
import type { JobResponse } from './export.schemas';

/** A job as the partner API publishes it: the lib's view with the links to poll and fetch. */
export function toJobResponse(jobs: JobsService, record: JobRecord): JobResponse {
  const self = `/v1/jobs/${record.id}`;
  return { ...jobs.view(record), links: { self, result: `${self}/result` } };
}
