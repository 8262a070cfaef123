import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  BffError,
  CancelScope,
  createDetachedContext,
  RequestContextStore,
  ResourceNotFoundError,
  ShuttingDownError,
  ValidationError,
  type RequestContext,
} from '@bff/core';
import { JobQueue, type JobOutcome } from './job-queue.interface';
import { JobResultWriter } from './job-result.writer';
import { JobStore } from './job-store.interface';
import {
  ACTIVE_JOB_STATUSES,
  type JobFailure,
  type JobHandler,
  type JobRecord,
  type JobRef,
  type JobRun,
} from './job.types';
import { JobLimitReachedError, JobNotFinishedError } from './jobs.errors';
import { JOBS_RESOLVED_OPTIONS } from './jobs.constants';
import type { ResolvedJobsOptions } from './jobs.options';
import { checkCallbackUrl, WebhookSender } from './webhook.sender';

/** `Retry-After` of a refused submission, in seconds. */
const LIMIT_RETRY_AFTER_SECONDS = 5;

/** A job as its owner sees it (`GET` on the job, the webhook's `data`). */
export interface JobView {
  id: string;
  kind: string;
  status: JobRecord['status'];
  progress: JobRecord['progress'];
  createdAt: string;
  finishedAt?: string;
  result?: JobRecord['result'];
  error?: JobFailure;
}

/** A succeeded job's result, ready to stream. */
export interface JobResult {
  record: JobRecord;
  contentType: string;
  bytes: number;
  stream: Readable;
}

/**
 * Background jobs that belong to a principal: submit, look up, stream the result. Jobs run on whichever replica
 * takes them (BullMQ with Redis, this process otherwise), bounded per owner, with status and progress in the job
 * store; on shutdown the running ones are cancelled through the framework's cancellation and, with a durable
 * queue, handed back to run again elsewhere.
 *
 * @example
 * const record = await jobs.submit(partnerId, 'orders-export', { from, to });
 * const view = jobs.view(await jobs.get(partnerId, record.id));
 * @throws JobLimitReachedError (BFF_ERR_JOB_LIMIT_REACHED, 429), ResourceNotFoundError (404),
 *   JobNotFinishedError (BFF_ERR_JOB_NOT_FINISHED, 409), RedisUnavailableError (503)
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly shutdown = new CancelScope();
  private readonly webhooks?: WebhookSender;
  private readonly logger = new Logger('Jobs');

  constructor(
    @Inject(JOBS_RESOLVED_OPTIONS) private readonly options: ResolvedJobsOptions,
    @Inject(JobStore) private readonly store: JobStore,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {
    if (options.webhooks) this.webhooks = new WebhookSender(options.webhooks, options.clock);
  }

  /**
   * Registers the handler of one kind of job (before the app starts, e.g. in `onModuleInit`).
   * @throws Error when the kind is already registered
   */
  register<I>(handler: JobHandler<I>): void {
    if (this.handlers.has(handler.kind)) throw new Error(`job kind ${handler.kind} is already registered`);
    this.handlers.set(handler.kind, handler as JobHandler);
  }

  /**
   * Queues a job for `owner`; it runs after this resolves. `input` must be JSON (already validated).
   * @throws JobLimitReachedError (429) when the owner has `maxActivePerOwner` active jobs
   * @throws ValidationError (400) when `callbackUrl` is not allowed
   */
  async submit(
    owner: string,
    kind: string,
    input: unknown,
    opts: { callbackUrl?: string } = {},
  ): Promise<JobRecord> {
    if (this.shutdown.aborted)
      throw new ShuttingDownError('This instance is shutting down; retry the request.', {
        headers: { 'retry-after': '1' },
      });
    if (!this.handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
    let callbackUrl: string | undefined;
    if (opts.callbackUrl !== undefined) {
      if (!this.options.webhooks) throw new ValidationError('callbackUrl: webhooks are not enabled here.');
      callbackUrl = checkCallbackUrl(opts.callbackUrl, this.options.webhooks);
    }
    const now = this.options.clock.epochMs();
    const record: JobRecord = {
      id: randomUUID(),
      owner,
      kind,
      input,
      status: 'queued',
      progress: { done: 0 },
      createdAt: now,
      updatedAt: now,
      ...(callbackUrl ? { callbackUrl, webhook: { delivered: false, attempts: 0 } } : {}),
    };
    const { maxActivePerOwner: maxActive, retentionMs, timeoutMs } = this.options;
    // A slot lapses on its own after twice a run's budget, so a job lost with its replica cannot hold it forever.
    if (!(await this.store.admit(record, { maxActive, retentionMs, slotTtlMs: 2 * timeoutMs })))
      throw new JobLimitReachedError(
        `At most ${maxActive} jobs may be queued or running at once; wait for one to finish.`,
        LIMIT_RETRY_AFTER_SECONDS,
      );
    try {
      await this.queue.enqueue({ id: record.id, owner });
    } catch (err) {
      await this.finish(record, 'failed', {
        code: 'BFF_ERR_INTERNAL',
        detail: 'The job could not be queued.',
      });
      throw err;
    }
    return record;
  }

  /**
   * The owner's job.
   * @throws ResourceNotFoundError (404) for an unknown, expired or another owner's job
   */
  async get(owner: string, id: string): Promise<JobRecord> {
    const record = await this.store.get(owner, id);
    if (!record) throw new ResourceNotFoundError(`Job ${id} was not found.`);
    return record;
  }

  /**
   * The result of the owner's succeeded job, as a stream read from the store while it is sent.
   * @throws ResourceNotFoundError (404), JobNotFinishedError (409) before the job succeeded
   */
  async result(owner: string, id: string): Promise<JobResult> {
    const record = await this.get(owner, id);
    if (record.status !== 'succeeded' || !record.result || !record.attempt)
      throw new JobNotFinishedError(
        `Job ${id} is ${record.status}; its result is available once it succeeded.`,
      );
    return {
      record,
      contentType: record.result.contentType,
      bytes: record.result.bytes,
      stream: Readable.from(this.store.read(record, record.attempt), { objectMode: false }),
    };
  }

  /** The owner's view of a record. */
  view(record: JobRecord): JobView {
    return {
      id: record.id,
      kind: record.kind,
      status: record.status,
      progress: record.progress,
      createdAt: new Date(record.createdAt).toISOString(),
      ...(record.finishedAt === undefined ? {} : { finishedAt: new Date(record.finishedAt).toISOString() }),
      ...(record.result ? { result: record.result } : {}),
      ...(record.error ? { error: record.error } : {}),
    };
  }

  /** Starts taking jobs once every handler is registered. */
  onApplicationBootstrap(): void {
    this.queue.start((ref) => this.process(ref));
  }

  /**
   * Cancels the running jobs (`BFF_ERR_SHUTTING_DOWN`), stops taking new ones and waits for the queue to close,
   * while the store's connection is still open. In-process jobs end `cancelled`; with a durable queue they go
   * back to `queued` and run again on another replica.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.cancel(new ShuttingDownError('The instance running the job shut down.'));
    const never = await this.queue.close();
    await Promise.allSettled(never.map((ref) => this.cancelQueued(ref)));
  }

  private async cancelQueued(ref: JobRef): Promise<void> {
    const record = await this.store.get(ref.owner, ref.id);
    if (record && ACTIVE_JOB_STATUSES.has(record.status))
      await this.finish(record, 'cancelled', shutdownFailure());
  }

  /** Runs one delivered job: the handler unless it already finished, then its webhook if one is pending. */
  private async process(ref: JobRef): Promise<JobOutcome> {
    if (this.shutdown.aborted) return this.queue.durable ? 'interrupted' : 'done';
    let record = await this.store.get(ref.owner, ref.id);
    if (!record || record.status === 'cancelled') return 'done';
    const ctx = createDetachedContext({ budgetMs: this.options.timeoutMs, clock: this.options.clock });
    const off = this.shutdown.onCancel((reason) => ctx.cancellation.cancel(reason));
    try {
      if (ACTIVE_JOB_STATUSES.has(record.status)) record = await this.run(record, ctx);
      if (record.webhook && !record.webhook.delivered) await this.notify(record, ctx.cancellation);
      return 'done';
    } catch (err) {
      if (!this.shutdown.aborted) throw err;
      if (this.queue.durable) return 'interrupted';
      if (ACTIVE_JOB_STATUSES.has(record.status)) await this.finish(record, 'cancelled', shutdownFailure());
      return 'done';
    } finally {
      off();
      ctx.cancellation.dispose();
    }
  }

  /**
   * One attempt of the handler, writing its result under a new attempt id (so a replica that was interrupted can
   * never mix its lines into the next attempt's). Rethrows only when interrupted by the shutdown, after putting
   * the job back to `queued`.
   */
  private async run(queued: JobRecord, ctx: RequestContext): Promise<JobRecord> {
    const handler = this.handlers.get(queued.kind);
    if (!handler)
      return this.finish(queued, 'failed', {
        code: 'BFF_ERR_INTERNAL',
        detail: 'This kind of job is not known.',
      });
    if (queued.attempt) await this.store.discard(queued, queued.attempt);
    const attempt = randomUUID();
    let record: JobRecord = {
      ...queued,
      status: 'running',
      attempt,
      progress: { done: 0 },
      updatedAt: this.now(),
    };
    await this.store.save(record, this.options.retentionMs);
    const writer = new JobResultWriter(this.store, record, attempt, this.options.retentionMs);
    const run: JobRun = {
      id: record.id,
      owner: record.owner,
      input: record.input,
      get signal() {
        return ctx.signal;
      },
      write: (line) => writer.write(line),
      progress: async (done, total) => {
        record = {
          ...record,
          progress: total === undefined ? { done } : { done, total },
          updatedAt: this.now(),
        };
        await this.store.save(record, this.options.retentionMs);
      },
    };
    try {
      await RequestContextStore.run(ctx, () => handler.run(run));
      if (ctx.cancellation.aborted) throw ctx.cancellation.reason;
      await writer.flush();
    } catch (err) {
      await this.store.discard(record, attempt).catch(() => undefined);
      if (this.shutdown.aborted) {
        if (this.queue.durable)
          await this.store.save(
            { ...record, status: 'queued', progress: { done: 0 }, updatedAt: this.now() },
            this.options.retentionMs,
          );
        throw err;
      }
      this.logger.warn(
        `job ${record.id} (${record.kind}) failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return this.finish(
        record,
        'failed',
        failureOf(ctx.cancellation.aborted ? ctx.cancellation.reason : err),
      );
    }
    return this.finish(record, 'succeeded', undefined, {
      lines: writer.lines,
      bytes: writer.bytes,
      contentType: handler.contentType,
    });
  }

  private async notify(record: JobRecord, scope: CancelScope): Promise<void> {
    if (!this.webhooks || !record.callbackUrl || !record.webhook) return;
    const body = JSON.stringify({
      type: `job.${record.status}`,
      timestamp: new Date(record.finishedAt ?? record.updatedAt).toISOString(),
      data: this.view(record),
    });
    let current = record;
    await this.webhooks.deliver(
      { id: `${record.id}.${record.status}`, url: record.callbackUrl, body },
      record.webhook,
      scope,
      async (webhook) => {
        current = { ...current, webhook, updatedAt: this.now() };
        await this.store.save(current, this.options.retentionMs);
      },
    );
  }

  private async finish(
    record: JobRecord,
    status: 'succeeded' | 'failed' | 'cancelled',
    error?: JobFailure,
    result?: JobRecord['result'],
  ): Promise<JobRecord> {
    const now = this.now();
    const done: JobRecord = {
      ...record,
      status,
      updatedAt: now,
      finishedAt: now,
      ...(error ? { error } : {}),
      ...(result ? { result, progress: { ...record.progress, done: result.lines } } : {}),
    };
    await this.store.save(done, this.options.retentionMs);
    return done;
  }

  private now(): number {
    return this.options.clock.epochMs();
  }
}

function shutdownFailure(): JobFailure {
  return { code: ShuttingDownError.code, detail: 'The instance running the job shut down; submit it again.' };
}

/** What a job's owner may see of why it failed: a client error's detail, otherwise only its title. */
function failureOf(err: unknown): JobFailure {
  if (err instanceof BffError) return { code: err.code, detail: err.isClientError ? err.message : err.title };
  return { code: 'BFF_ERR_INTERNAL', detail: 'The job failed.' };
}
