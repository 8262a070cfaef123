import { resolveRedisOptions } from '@bff/redis';
import { BullMqJobQueue } from './bullmq-job.queue';

describe('BullMqJobQueue', () => {
  it('refuses a prefix that is not a hash tag on a Redis Cluster (its scripts span keys of one queue)', () => {
    const redis = resolveRedisOptions({ cluster: { nodes: ['127.0.0.1:1'] } });
    const options = { redis, concurrency: 1, lockDurationMs: 1000, retentionMs: 1000 };
    for (const prefix of ['bff-jobs', 'bff:{}:jobs', '}bff{'])
      expect(() => new BullMqJobQueue({ ...options, prefix })).toThrow(
        /on a Redis Cluster the prefix must hold a hash tag/,
      );
  });
});
