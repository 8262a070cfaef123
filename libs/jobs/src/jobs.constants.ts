/** Injection token of the resolved `JobsModule` options. */
export const JOBS_RESOLVED_OPTIONS = Symbol('JOBS_RESOLVED_OPTIONS');
