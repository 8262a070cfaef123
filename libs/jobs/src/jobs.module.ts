import { Module } from '@nestjs/common';
import { systemClock } from '@bff/core';
import { RedisConnection } from '@bff/redis';
import { BullMqJobQueue } from './bullmq-job.queue';
import { InProcessJobQueue } from './in-process-job.queue';
import { JobQueue } from './job-queue.interface';
import { JobStore } from './job-store.interface';
import { JOBS_RESOLVED_OPTIONS } from './jobs.constants';
import { ConfigurableModuleClass, JOBS_MODULE_OPTIONS } from './jobs.module-definition';
import { resolveJobsOptions, type JobsModuleOptions, type ResolvedJobsOptions } from './jobs.options';
import { JobsService } from './jobs.service';
import { MemoryJobStore } from './memory-job.store';
import { RedisJobStore } from './redis-job.store';

/**
 * Background jobs owned by principals ({@link JobsService}): with `backend: { kind: 'redis' }` the records and
 * results live in Redis (the app's `RedisConnection`, one server or a Redis Cluster) and a BullMQ queue, on
 * connections made from the same options, delivers the jobs to any replica; with `memory` both live in this
 * process, with the same semantics for one process.
 * @example
 * JobsModule.forRoot({ ...readJobsEnv(process.env, { redis: readRedisEnv(process.env) }), clock: config.clock })
 * @throws RangeError at startup when an option is out of range; Error when `redis` is chosen without RedisModule
 */
@Module({
  providers: [
    {
      provide: JOBS_RESOLVED_OPTIONS,
      inject: [JOBS_MODULE_OPTIONS],
      useFactory: (options: JobsModuleOptions) => resolveJobsOptions(options, systemClock),
    },
    {
      provide: JobStore,
      inject: [JOBS_RESOLVED_OPTIONS, { token: RedisConnection, optional: true }],
      useFactory: function createJobStore(options: ResolvedJobsOptions, redis?: RedisConnection): JobStore {
        if (options.backend.kind === 'memory') return new MemoryJobStore(options.clock);
        if (!redis) throw new Error('JobsModule: the redis backend needs RedisModule');
        return new RedisJobStore(redis, { keyPrefix: options.keyPrefix, clock: options.clock });
      },
    },
    {
      provide: JobQueue,
      inject: [JOBS_RESOLVED_OPTIONS, { token: RedisConnection, optional: true }],
      useFactory: function createJobQueue(options: ResolvedJobsOptions, redis?: RedisConnection): JobQueue {
        if (options.backend.kind === 'memory') return new InProcessJobQueue(options.concurrency);
        if (!redis) throw new Error('JobsModule: the redis backend needs RedisModule');
        return new BullMqJobQueue({
          redis: redis.options,
          prefix: options.queuePrefix,
          concurrency: options.concurrency,
          lockDurationMs: options.lockDurationMs,
          retentionMs: options.retentionMs,
          connectionName: options.connectionName,
        });
      },
    },
    JobsService,
  ],
  exports: [JobsService],
})
export class JobsModule extends ConfigurableModuleClass {}
