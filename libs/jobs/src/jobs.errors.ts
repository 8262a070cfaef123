import { BffError } from '@bff/core';

/**
 * The owner already has as many active (queued or running) jobs as allowed; carries `Retry-After`.
 * @example throw new JobLimitReachedError('You already have 3 active jobs; wait for one to finish.', 5);
 */
export class JobLimitReachedError extends BffError {
  static override readonly code = 'BFF_ERR_JOB_LIMIT_REACHED';
  static override readonly status = 429;
  static override readonly title = 'Too many active jobs';

  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, { headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}

/** The job's result was asked for before the job succeeded (it is queued, running, failed or cancelled). */
export class JobNotFinishedError extends BffError {
  static override readonly code = 'BFF_ERR_JOB_NOT_FINISHED';
  static override readonly status = 409;
  static override readonly title = 'Job has no result yet';
}
