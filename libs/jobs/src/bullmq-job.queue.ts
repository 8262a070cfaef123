import { Logger } from '@nestjs/common';
import type { Job, Queue, Worker } from 'bullmq';
import type { JobProcessor, JobQueue } from './job-queue.interface';
import type { JobRef } from './job.types';

/** Options of {@link BullMqJobQueue}. */
export interface BullMqJobQueueOptions {
  /** `redis:` or `rediss:` URL; BullMQ opens connections of its own (its worker blocks on one). */
  url: string;
  /** Key prefix of the queue; a hash tag (`{bff-jobs}`) keeps every key of the queue in one Cluster slot. */
  prefix: string;
  /** Queue name. Default is `jobs`. */
  name?: string;
  /** Jobs one replica runs at once. */
  concurrency: number;
  /** How long a worker's lock on a job lasts without renewal, in milliseconds (a crashed worker's job is retried after it). */
  lockDurationMs: number;
  /** How long finished BullMQ entries are kept, in milliseconds (the job's record lives in the job store). */
  retentionMs: number;
  /** Name of the connections, seen in `CLIENT LIST`. */
  connectionName?: string;
}

type Bullmq = typeof import('bullmq');
let bullmq: Bullmq | undefined;

/** BullMQ, loaded with the first durable queue: an app without Redis configured never loads it. */
function loadBullmq(): Bullmq {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bullmq ??= require('bullmq') as Bullmq;
  return bullmq;
}

/**
 * The durable {@link JobQueue} on BullMQ. A job delivered to this replica runs the processor; when the processor
 * reports it was interrupted (shutdown), the job is moved back to waiting at once, so another replica (or this
 * one after a restart) takes it without waiting for the lock to lapse. A replica that dies without a shutdown
 * loses its lock after `lockDurationMs`; BullMQ's stalled check then hands the job to another worker.
 * @see https://docs.bullmq.io/guide/workers/stalled-jobs
 */
export class BullMqJobQueue implements JobQueue {
  readonly durable = true;
  private readonly queue: Queue;
  private worker?: Worker;
  private readonly logger = new Logger('Jobs');

  constructor(private readonly options: BullMqJobQueueOptions) {
    const { url, prefix, retentionMs, connectionName } = options;
    const age = Math.max(1, Math.ceil(retentionMs / 1000));
    const { Queue } = loadBullmq();
    this.queue = new Queue(options.name ?? 'jobs', {
      connection: { url, connectionName, maxRetriesPerRequest: 1 },
      prefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: { age }, removeOnFail: { age } },
    });
    this.queue.on('error', (err) => this.logger.warn(`job queue: ${err.message}`));
  }

  start(processor: JobProcessor): void {
    const { url, prefix, concurrency, lockDurationMs, connectionName } = this.options;
    const { Worker, WaitingError } = loadBullmq();
    const worker = new Worker<JobRef>(
      this.queue.name,
      async function processQueuedJob(job: Job<JobRef>, token?: string): Promise<void> {
        const outcome = await processor({ id: job.data.id, owner: job.data.owner });
        if (outcome === 'interrupted') {
          await job.moveToWait(token);
          throw new WaitingError();
        }
      },
      {
        connection: { url, connectionName, maxRetriesPerRequest: null },
        prefix,
        concurrency,
        lockDuration: lockDurationMs,
        stalledInterval: lockDurationMs,
        maxStalledCount: 3,
        autorun: false,
      },
    );
    worker.on('error', (err) => this.logger.warn(`job worker: ${err.message}`));
    this.worker = worker;
    void worker.run().catch((err: unknown) => this.logger.error(`job worker stopped: ${String(err)}`));
  }

  async enqueue(ref: JobRef): Promise<void> {
    await this.queue.add('job', ref, { jobId: ref.id });
  }

  /**
   * Waits for the running jobs (already cancelled by the service) to hand back, then closes the connections. A
   * Redis that does not answer cannot hold the shutdown past `lockDurationMs`: the connections are then dropped,
   * and the jobs are taken over by another replica once their lock lapses.
   */
  async close(): Promise<JobRef[]> {
    const closing = (async () => {
      await this.worker?.close();
      await this.queue.close();
    })();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, this.options.lockDurationMs, 'late');
      timer.unref();
    });
    try {
      if ((await Promise.race([closing, late])) === 'late') {
        this.logger.warn('job queue: Redis did not answer while closing; dropping its connections');
        // not awaited: BullMQ's disconnect waits for a connection that will not come
        for (const closable of [this.worker, this.queue]) void closable?.disconnect().catch(() => undefined);
      }
    } finally {
      clearTimeout(timer);
    }
    return []; // queued jobs stay in Redis for the next replica
  }
}
