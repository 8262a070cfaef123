import { BullMqJobQueue, type JobOutcome } from '@bff/jobs';
import { eventually, startRedisServer, type TestRedisServer } from '@bff/testing';
import Redis from 'ioredis';
import { resolveRedisOptions } from '@bff/redis';

const PREFIX = '{test-jobs}';

/** A processor that signals each delivered job and answers it when the test says. */
function heldProcessor() {
  const delivered: string[] = [];
  let answer: (outcome: JobOutcome) => void = () => undefined;
  return {
    delivered,
    release: (outcome: JobOutcome) => answer(outcome),
    processor: (ref: { id: string }) => {
      delivered.push(ref.id);
      return new Promise<JobOutcome>((resolve) => (answer = resolve));
    },
  };
}

/**
 * BullMQ's graceful close leaves the worker's blocking connection reconnecting to a Redis that is gone, and its
 * lock renewal ticking: this file, run alone without `forceExit`, would then never exit.
 */
describe('BullMqJobQueue close (real redis-server)', () => {
  let server: TestRedisServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  /** A queue on a Redis of its own whose worker holds job `id`, delivered. */
  async function holdingJob(id: string, lockDurationMs: number) {
    server = await startRedisServer({ own: true });
    const queue = new BullMqJobQueue({
      redis: resolveRedisOptions({ url: server.url }),
      prefix: PREFIX,
      concurrency: 1,
      lockDurationMs,
      retentionMs: 60_000,
    });
    const held = heldProcessor();
    queue.start(held.processor);
    await queue.enqueue({ id, owner: 'partner-a' });
    await eventually(() => held.delivered.length === 1, 5_000);
    return { redis: server, queue, held };
  }

  it('waits for a running job to be handed back to waiting, then drops its connections', async () => {
    const { redis, queue, held } = await holdingJob('j1', 5_000);

    const closing = queue.close();
    held.release('interrupted'); // what the service's cancellation makes the processor answer
    await closing;

    expect(held.delivered).toEqual(['j1']); // not fetched again while closing
    const client = new Redis(redis.url);
    try {
      expect(await client.lrange(`${PREFIX}:jobs:wait`, 0, -1)).toEqual(['j1']);
    } finally {
      client.disconnect();
    }
  });

  it.each([
    ['idle, blocked waiting for a job', 'done'],
    ['running a job that cannot be handed back', 'interrupted'],
  ] as const)(
    'closes while Redis is gone (%s), dropping every connection instead of waiting on it',
    async (_case, outcome) => {
      const { redis, queue, held } = await holdingJob('j2', 500);
      if (outcome === 'done') {
        held.release('done'); // the worker goes back to waiting for the next job
        const client = new Redis(redis.url);
        await eventually(async () => (await client.zscore(`${PREFIX}:jobs:completed`, 'j2')) !== null, 5_000);
        client.disconnect();
      }
      await redis.stop();

      const closing = queue.close();
      if (outcome === 'interrupted') held.release(outcome); // handing back needs Redis: it cannot finish
      await closing;
    },
  );
});

describe('BullMqJobQueue on a Redis Cluster', () => {
  it('refuses a prefix that is not a hash tag on a Redis Cluster (its scripts span keys of one queue)', () => {
    const redis = resolveRedisOptions({ cluster: { nodes: ['127.0.0.1:1'] } });
    const options = { redis, concurrency: 1, lockDurationMs: 1000, retentionMs: 1000 };
    for (const prefix of ['bff-jobs', 'bff:{}:jobs', '}bff{'])
      expect(() => new BullMqJobQueue({ ...options, prefix })).toThrow(
        /on a Redis Cluster the prefix must hold a hash tag/,
      );
  });
});
