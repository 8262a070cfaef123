import { Test } from '@nestjs/testing';
import { FakeClock } from '@bff/core';
import { JobsModule, JobsService, type JobRecord, type JobRun } from '@bff/jobs';

/** A handler that writes two lines, then waits until it is released or cancelled. */
function blockingHandler() {
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  return {
    running,
    release: () => release(),
    handler: {
      kind: 'block',
      contentType: 'text/plain',
      run: async (job: JobRun) => {
        await job.write('one');
        await job.write('two');
        await job.progress(2, 3);
        started();
        await new Promise<void>((resolve, reject) => {
          release = resolve;
          job.signal.addEventListener('abort', () => reject(job.signal.reason), { once: true });
        });
      },
    },
  };
}

async function startService(clock: FakeClock, maxActivePerOwner = 3) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      JobsModule.forRoot({ backend: { kind: 'memory' }, clock, timeoutMs: 10_000, maxActivePerOwner }),
    ],
  }).compile();
  const jobs = moduleRef.get(JobsService);
  const blocking = blockingHandler();
  jobs.register(blocking.handler);
  await moduleRef.init();
  return { moduleRef, jobs, blocking };
}

async function until(jobs: JobsService, record: JobRecord, status: string): Promise<JobRecord> {
  for (let i = 0; i < 200; i++) {
    const current = await jobs.get(record.owner, record.id);
    if (current.status === status) return current;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`job never became ${status}`);
}

describe('JobsService (in-process)', () => {
  it('runs a job after submit returns, reports progress, and streams its result once it succeeded', async () => {
    const { moduleRef, jobs, blocking } = await startService(new FakeClock());
    const record = await jobs.submit('partner-a', 'block', {});
    expect(record.status).toBe('queued');
    await blocking.running;
    expect(await jobs.get('partner-a', record.id)).toMatchObject({
      status: 'running',
      progress: { done: 2, total: 3 },
    });
    await expect(jobs.result('partner-a', record.id)).rejects.toMatchObject({
      code: 'BFF_ERR_JOB_NOT_FINISHED',
    });
    blocking.release();
    await until(jobs, record, 'succeeded');
    const result = await jobs.result('partner-a', record.id);
    let text = '';
    for await (const chunk of result.stream) text += String(chunk);
    expect(text).toBe('one\ntwo\n');
    expect(result).toMatchObject({ contentType: 'text/plain', bytes: 8 });
    await expect(jobs.get('partner-b', record.id)).rejects.toMatchObject({
      code: 'BFF_ERR_RESOURCE_NOT_FOUND',
    });
    await moduleRef.close();
  });

  it('bounds active jobs per owner with a 429 carrying Retry-After', async () => {
    const { moduleRef, jobs } = await startService(new FakeClock(), 1);
    await jobs.submit('partner-a', 'block', {});
    await expect(jobs.submit('partner-a', 'block', {})).rejects.toMatchObject({
      code: 'BFF_ERR_JOB_LIMIT_REACHED',
      status: 429,
      headers: { 'retry-after': '5' },
    });
    await moduleRef.close();
  });

  it('fails a job that outlives its budget on the clock with BFF_ERR_DEADLINE_EXCEEDED, discarding its lines', async () => {
    const clock = new FakeClock();
    const { moduleRef, jobs, blocking } = await startService(clock);
    const record = await jobs.submit('partner-a', 'block', {});
    await blocking.running;
    clock.advance(10_000);
    const failed = await until(jobs, record, 'failed');
    expect(failed.error).toMatchObject({ code: 'BFF_ERR_DEADLINE_EXCEEDED' });
    await expect(jobs.result('partner-a', record.id)).rejects.toMatchObject({
      code: 'BFF_ERR_JOB_NOT_FINISHED',
    });
    await moduleRef.close();
  });

  it('cancels running and queued jobs on shutdown through their cancellation scope, and refuses new ones', async () => {
    const { moduleRef, jobs, blocking } = await startService(new FakeClock());
    const running = await jobs.submit('partner-a', 'block', {});
    await blocking.running;
    await moduleRef.close(); // beforeApplicationShutdown: cancel, then close the queue
    expect(await jobs.get('partner-a', running.id)).toMatchObject({
      status: 'cancelled',
      error: { code: 'BFF_ERR_SHUTTING_DOWN' },
    });
    await expect(jobs.submit('partner-a', 'block', {})).rejects.toMatchObject({
      code: 'BFF_ERR_SHUTTING_DOWN',
    });
  });
});
