import { clearFaults, setFaults } from '@bff/testing';
import type { CallResult, RunningBff } from './support/bff-harness';
import { scanCluster, startPartnerCluster, type PartnerCluster } from './support/cluster-admin';
import { ARCHIVE, ARCHIVE_SIZE, finished, jsonPost, pollJob } from './support/partner-jobs';

const submit = (bff: RunningBff, token: string): Promise<CallResult> =>
  bff.call('/v1/exports', { token, ...jsonPost(ARCHIVE) });

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
  let rig: PartnerCluster;

  beforeAll(async () => {
    rig = await startPartnerCluster(() => ({ RATE_LIMIT_ENABLED: 'false', JOBS_LOCK_MS: '5000' }));
  }, 40_000);
  afterAll(() => rig?.close());
  afterEach(() => clearFaults(rig.stack.urls.orders));

  it('runs an export to completion: submitted on one replica, polled and streamed from the other', async () => {
    const submitted = await submit(rig.replicas[0], rig.acme);
    expect(submitted.status).toBe(202);
    const location = submitted.headers.location as string;
    const job = await pollJob(rig.replicas[1], rig.acme, location, finished);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { done: ARCHIVE_SIZE, total: ARCHIVE_SIZE },
      result: { lines: ARCHIVE_SIZE },
    });
    await expectArchive(rig.replicas[1], rig.acme, location);

    // the record is in the cluster under the owner's hash tag; every BullMQ key of the queue shares one slot
    const record = await rig.admin.run((c) => c.get(`{jobs:partner-acme}:job:${submitted.body.id}`));
    expect(JSON.parse(record!)).toMatchObject({ status: 'succeeded' });
    const queueKeys = await scanCluster(rig.admin, '{bff-jobs}:*');
    expect(queueKeys.length).toBeGreaterThan(0);
    const slots = await Promise.all(queueKeys.map((key) => rig.admin.run((c) => c.cluster('KEYSLOT', key))));
    expect(new Set(slots).size).toBe(1);
  }, 30_000);

  it.each(['handover', 'kill'] as const)(
    "an export running while the queue's primary fails over (%s) still completes with its whole result, and the queue works on",
    async (mode) => {
      await setFaults(rig.stack.urls.orders, { latencyMs: 100 }); // ten pages: the job runs through the failover
      const submitted = await submit(rig.replicas[1], rig.acme);
      expect(submitted.status).toBe(202);
      const location = submitted.headers.location as string;
      const running = await pollJob(rig.replicas[0], rig.acme, location, (job) => job.progress.done > 0);
      expect(running.status).toBe('running');
      await rig.cluster.failover(await rig.cluster.primaryFor('{bff-jobs}'), mode);
      await clearFaults(rig.stack.urls.orders);
      const job = await pollJob(rig.replicas[0], rig.acme, location, finished, 25_000);
      expect(job).toMatchObject({ status: 'succeeded', result: { lines: ARCHIVE_SIZE } });
      await expectArchive(rig.replicas[0], rig.acme, location);
      // the queue works on after the failover: a new job runs on the promoted primary
      const next = await submit(rig.replicas[0], rig.acme);
      expect(next.status).toBe(202);
      const after = await pollJob(rig.replicas[1], rig.acme, next.headers.location as string, finished);
      expect(after).toMatchObject({ status: 'succeeded', result: { lines: ARCHIVE_SIZE } });
    },
    45_000,
  );
});
