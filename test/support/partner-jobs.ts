import type { CallResult, RunningBff } from './bff-harness';

/** acme's archive in the demo data: exactly 10 000 orders in 2023. */
export const ARCHIVE = { from: '2023-01-01', to: '2024-01-01' };
export const ARCHIVE_SIZE = 10_000;

/** The POST part of a call with a JSON body: `bff.call('/v1/exports', { token, ...jsonPost(ARCHIVE) })`. */
export const jsonPost = (body: unknown) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A job that is neither queued nor running any more. */
export const finished = (job: { status: string }): boolean => !['queued', 'running'].includes(job.status);

/**
 * Polls the job at `location` on `bff` until `done(job)`, at most `withinMs`; returns the last answer (checked
 * by the BFF's wrapper, when it has one).
 */
export async function pollJob(
  bff: RunningBff,
  token: string,
  location: string,
  done: (job: CallResult['body']) => boolean,
  withinMs = 20_000,
): Promise<CallResult['body']> {
  const started = performance.now();
  for (;;) {
    const res = await bff.call(location, { token });
    // On a loaded machine a Redis command can outlast its 500 ms timeout: that poll is retried, not the job.
    const slowRedis = res.status === 503 && res.body?.code === 'BFF_ERR_REDIS_UNAVAILABLE';
    if (res.status !== 200 && !slowRedis) throw new Error(`GET ${location}: ${res.status} ${res.text}`);
    if (!slowRedis && done(res.body)) return res.body;
    if (performance.now() - started > withinMs) throw new Error(`job still ${res.text} after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
