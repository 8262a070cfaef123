import { Logger } from '@nestjs/common';
import type { Job, Queue, Worker } from 'bullmq';
import { createRedisClient, type RedisClient, type ResolvedRedisOptions } from '@bff/redis';
import type { JobProcessor, JobQueue } from './job-queue.interface';
import type { JobRef } from './job.types';

/** Options of {@link BullMqJobQueue}. */
export interface BullMqJobQueueOptions {
  /**
   * Where Redis is: the app's `RedisConnection.options` (one server or a Redis Cluster). BullMQ gets connections
   * of its own, made from them: a fail-fast one for the queue, blocking ones for the worker.
   */
  redis: ResolvedRedisOptions;
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
 *
 * On a Redis Cluster every key of the queue must share one slot (BullMQ's scripts touch several at once), so
 * the prefix must be a hash tag; the clients are ioredis `Cluster`s made by `createRedisClient`, which follow a
 * failover by themselves.
 * @see https://docs.bullmq.io/guide/workers/stalled-jobs
 * @see https://docs.bullmq.io/patterns/redis-cluster
 * @throws Error at construction when the Redis is a cluster and `prefix` is not a hash tag
 */
export class BullMqJobQueue implements JobQueue {
  readonly durable = true;
  private readonly queue: Queue;
  private worker?: Worker;
  /** The queue's own connection (BullMQ leaves a client it was given open). */
  private readonly queueClient: RedisClient;
  /** What the worker's connections are duplicated from (BullMQ duplicates a given client for blocking). */
  private workerTemplate?: RedisClient;
  /** The jobs this replica is running, until they end or are handed back (`moveToWait`). */
  private readonly running = new Set<Promise<void>>();
  private readonly logger = new Logger('Jobs');

  constructor(private readonly options: BullMqJobQueueOptions) {
    const { prefix, retentionMs } = options;
    if (options.redis.cluster && !/^[^{}]*\{[^{}]+\}/.test(prefix))
      throw new Error(`BullMqJobQueue: on a Redis Cluster the prefix must hold a hash tag, got "${prefix}"`);
    const age = Math.max(1, Math.ceil(retentionMs / 1000));
    // fail fast, like the app's connection: an enqueue while Redis is away fails instead of waiting
    this.queueClient = this.client({ blocking: false });
    const { Queue } = loadBullmq();
    this.queue = new Queue(options.name ?? 'jobs', {
      connection: this.queueClient,
      prefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: { age }, removeOnFail: { age } },
    });
    this.queue.on('error', (err) => this.logger.warn(`job queue: ${err.message}`));
  }

  start(processor: JobProcessor): void {
    const { prefix, concurrency, lockDurationMs } = this.options;
    this.workerTemplate = this.client({ blocking: true });
    const { Worker, WaitingError } = loadBullmq();
    const running = this.running;
    async function runQueuedJob(job: Job<JobRef>, token?: string): Promise<void> {
      const outcome = await processor({ id: job.data.id, owner: job.data.owner });
      if (outcome === 'interrupted') {
        await job.moveToWait(token);
        throw new WaitingError();
      }
    }
    const worker = new Worker<JobRef>(
      this.queue.name,
      function processQueuedJob(job: Job<JobRef>, token?: string): Promise<void> {
        const run = runQueuedJob(job, token);
        running.add(run);
        return run.finally(() => running.delete(run));
      },
      {
        connection: this.workerTemplate,
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

  /**
   * A client of the app's Redis under this queue's connection name, connecting at once: BullMQ waits for it to
   * be ready, through any number of failed attempts (a lazy one would fail for good on the first).
   */
  private client({ blocking }: { blocking: boolean }): RedisClient {
    const { redis, connectionName } = this.options;
    const client = createRedisClient(
      { ...redis, connectionName: connectionName ?? redis.connectionName },
      { blocking, lazy: false },
    );
    client.on('error', () => undefined); // BullMQ reports what matters on the queue's and worker's 'error'
    return client;
  }

  async enqueue(ref: JobRef): Promise<void> {
    await this.queue.add('job', ref, { jobId: ref.id });
  }

  /**
   * Stops fetching jobs, waits for the running ones (already cancelled by the service) to hand back, at most
   * `lockDurationMs`, then drops every connection (the queue's, the worker's, its blocking ones and the clients
   * this queue made) without waiting on Redis. BullMQ's graceful close waits for `QUIT` and for its blocking
   * connection's `end`, which a client reconnecting to a Redis that is gone never gets, so it would leave
   * reconnect loops and the lock-renewal timer running. Jobs that did not hand back are taken over by another
   * replica once their lock lapses.
   */
  async close(): Promise<JobRef[]> {
    await this.worker?.pause(true); // no Redis call: the fetch loop stops, running jobs go on
    if (!(await this.handedBack(this.options.lockDurationMs))) {
      this.logger.warn('job queue: Redis did not answer while closing; dropping its connections');
    }
    await Promise.allSettled([this.worker?.close(true), this.queue.getBackend().close(true)]);
    for (const client of this.ownClients()) client.disconnect(); // BullMQ leaves a client it was given open
    return []; // queued jobs stay in Redis for the next replica
  }

  /** Whether every running job ended or was handed back within `withinMs`. */
  private async handedBack(withinMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, withinMs, 'late');
      timer.unref();
    });
    try {
      while (this.running.size > 0) {
        if ((await Promise.race([Promise.allSettled([...this.running]), late])) === 'late') return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  private ownClients(): RedisClient[] {
    return this.workerTemplate ? [this.queueClient, this.workerTemplate] : [this.queueClient];
  }
}
