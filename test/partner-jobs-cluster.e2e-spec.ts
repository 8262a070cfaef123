import { RedisConnection } from '@bff/redis';
import {
  clearFaults,
  DEMO_PARTNERS,
  fetchClientToken,
  setFaults,
  startRedisCluster,
  type TestRedisCluster,
} from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import type { CallResult, RunningBff } from './support/bff-harness';
import { connectClusterAdmin, scanCluster, startPartnerReplicas } from './support/cluster-admin';

/** acme's archive: exactly 10 000 orders in 2023. */
const ARCHIVE = { from: '2023-01-01', to: '2024-01-01' };
const ARCHIVE_SIZE = 10_000;

const submit = (bff: RunningBff, token: string): Promise<CallResult> =>
  bff.call('/v1/exports', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ARCHIVE),
  });

/** Polls the job on `bff` until `done(job)`, at most `withinMs`; a 503 of a slow Redis command is polled again. */
async function pollJob(
  bff: RunningBff,
  token: string,
  location: string,
  done: (job: CallResult['body']) => boolean,
  withinMs = 20_000,
): Promise<CallResult['body']> {
  const started = performance.now();
  for (;;) {
    const res = await bff.call(location, { token });
    const slowRedis = res.status === 503 && res.body?.code === 'BFF_ERR_REDIS_UNAVAILABLE';
    if (res.status !== 200 && !slowRedis) throw new Error(`GET ${location}: ${res.status} ${res.text}`);
    if (!slowRedis && done(res.body)) return res.body;
    if (performance.now() - started > withinMs) throw new Error(`job still ${res.text} after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const finished = (job: { status: string }) => !['queued', 'running'].includes(job.status);

/** The result, streamed from `bff`, is the whole archive: one order a line, no duplicates, oldest first. */
async function expectArchive(bff: RunningBff, token: string, location: string): Promise<void> {
  const res = await bff.call(`${location}/result`, { token });
  expect(res.status).toBe(200);
  const ids = res.text
    .slice(0, -1)
    .split('\n')
    .map((line) => (JSON.parse(line) as { id: string }).id);
  expect(ids).toHaveLength(ARCHIVE_SIZE);
  expect(new Set(ids).size).toBe(ARCHIVE_SIZE);
  expect([ids[0], ids.at(-1)]).toEqual(['partner-acme-a1', `partner-acme-a${ARCHIVE_SIZE}`]);
}

/**
 * Two partner-bff replicas whose jobs (records, results, and the BullMQ queue) live in a Redis Cluster of 3
 * primaries and 3 replicas, configured by `REDIS_CLUSTER_NODES` alone.
 */
describe('partner exports on a Redis Cluster (e2e, BullMQ, two replicas)', () => {
  let cluster: TestRedisCluster;
  let stack: DemoStack;
  let replicas: RunningBff[];
  let admin: RedisConnection;
  let acme: string;

  beforeAll(async () => {
    [cluster, stack] = await Promise.all([startRedisCluster(), startDemoStack()]);
    const env = { REDIS_CLUSTER_NODES: cluster.env, RATE_LIMIT_ENABLED: 'false', JOBS_LOCK_MS: '5000' };
    replicas = await startPartnerReplicas(stack, env);
    admin = await connectClusterAdmin(cluster);
    acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
  }, 40_000);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((bff) => bff.close()));
    await admin?.close();
    await stack?.close();
    await cluster?.stop();
  });
  afterEach(() => clearFaults(stack.urls.orders));

  it('runs an export to completion: submitted on one replica, polled and streamed from the other', async () => {
    const submitted = await submit(replicas[0], acme);
    expect(submitted.status).toBe(202);
    const location = submitted.headers.location as string;
    const job = await pollJob(replicas[1], acme, location, finished);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { done: ARCHIVE_SIZE, total: ARCHIVE_SIZE },
      result: { lines: ARCHIVE_SIZE },
    });
    await expectArchive(replicas[1], acme, location);

    // the record is in the cluster under the owner's hash tag; every BullMQ key of the queue shares one slot
    const record = await admin.run((c) => c.get(`{jobs:partner-acme}:job:${submitted.body.id}`));
    expect(JSON.parse(record!)).toMatchObject({ status: 'succeeded' });
    const queueKeys = await scanCluster(admin, '{bff-jobs}:*');
    expect(queueKeys.length).toBeGreaterThan(0);
    const slots = await Promise.all(queueKeys.map((key) => admin.run((c) => c.cluster('KEYSLOT', key))));
    expect(new Set(slots).size).toBe(1);
  }, 30_000);

  it.each(['handover', 'kill'] as const)(
    "an export running while the queue's primary fails over (%s) still completes with its whole result, and the queue works on",
    async (mode) => {
      await setFaults(stack.urls.orders, { latencyMs: 100 }); // ten pages: the job runs through the failover
      const submitted = await submit(replicas[1], acme);
      expect(submitted.status).toBe(202);
      const location = submitted.headers.location as string;
      const running = await pollJob(replicas[0], acme, location, (job) => job.progress.done > 0);
      expect(running.status).toBe('running');
      await cluster.failover(await cluster.primaryFor('{bff-jobs}'), mode);
      await clearFaults(stack.urls.orders);
      const job = await pollJob(replicas[0], acme, location, finished, 25_000);
      expect(job).toMatchObject({ status: 'succeeded', result: { lines: ARCHIVE_SIZE } });
      await expectArchive(replicas[0], acme, location);
      // the queue works on after the failover: a new job runs on the promoted primary
      const next = await submit(replicas[0], acme);
      expect(next.status).toBe(202);
      const after = await pollJob(replicas[1], acme, next.headers.location as string, finished);
      expect(after).toMatchObject({ status: 'succeeded', result: { lines: ARCHIVE_SIZE } });
    },
    45_000,
  );
});
