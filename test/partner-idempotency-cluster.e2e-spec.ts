import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { request } from 'undici';
import { waitUntil } from '@bff/testing';
import { expectProblem, type CallResult, type RunningBff } from './support/bff-harness';
import { startPartnerCluster, type PartnerCluster } from './support/cluster-admin';

const ORDER = { items: [{ productId: 'p42', quantity: 2 }] };
const DAY_MS = 86_400_000;
/** Every idempotency record of acme shares this hash tag, so one primary holds them all. */
const ACME_RECORD = 'bff:idem:{client%3Apartner-acme}:x';

/**
 * The real orders upstream behind a pass-through that counts, per `Idempotency-Key`, the creates it received:
 * what "the upstream never created twice" is checked against.
 */
interface CountedOrders {
  url: string;
  creates: Map<string, number>;
  close(): Promise<void>;
}

async function countCreates(target: string): Promise<CountedOrders> {
  const creates = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      if (req.method === 'POST' && typeof key === 'string') {
        const bare = key.replace(/^"(.*)"$/, '$1');
        creates.set(bare, (creates.get(bare) ?? 0) + 1);
      }
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      request(`${target}${req.url}`, {
        method: req.method as 'GET' | 'POST',
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      })
        .then(async (upstream) => {
          const body = Buffer.from(await upstream.body.arrayBuffer());
          const out = { ...upstream.headers };
          delete out['transfer-encoding'];
          delete out.connection;
          res.writeHead(upstream.statusCode, out).end(body);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    creates,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function createOrder(bff: RunningBff, token: string, key: string): Promise<CallResult> {
  return bff.call('/v1/orders', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json', 'idempotency-key': `"${key}"` },
    body: JSON.stringify(ORDER),
  });
}

/** What one keyed create answered. */
interface Answer {
  key: string;
  status: number;
  code?: string;
  id?: string;
}

const answerOf = (key: string, res: CallResult): Answer => ({
  key,
  status: res.status,
  ...(res.status === 201 ? { id: res.body.id } : { code: res.body?.code }),
});

/**
 * Two partner-bff replicas sharing a Redis Cluster of 3 primaries and 3 replicas (`REDIS_CLUSTER_NODES`): the
 * idempotency records (acknowledged by a replica, `WAIT 1`) in the cluster, and the primary holding them failed
 * over under a steady stream of keyed creates.
 */
describe('partner-bff idempotent writes on a Redis Cluster (e2e, two replicas)', () => {
  let rig: PartnerCluster;
  let orders: CountedOrders;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    rig = await startPartnerCluster(async (stack) => {
      orders = await countCreates(stack.urls.orders);
      return {
        UPSTREAM_ORDERS_URL: orders.url,
        // the limiter is on (fail-open), as deployed; a loaded test machine must not turn a slow answer into a local decision
        RATE_LIMIT_STORE_TIMEOUT_MS: '1000',
        RATE_LIMIT_STORE_COOLDOWN_MS: '300',
      };
    });
  }, 40_000);
  afterAll(async () => {
    await rig?.close();
    await orders?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  it('20 concurrent retries of one key across both replicas create once; either replays; the record is on its replica', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createOrder(rig.replicas[i % 2], rig.acme, key)),
    );
    const created = answers.filter((res) => res.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const res of answers.filter((r) => r.status !== 201)) expectProblem(res, 409, 'BFF_ERR_CONFLICT');
    expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
    expect(orders.creates.get(key)).toBe(1);
    for (const bff of rig.replicas) {
      const replay = await createOrder(bff, rig.acme, key);
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(created[0].body.id);
    }
    expect(orders.creates.get(key)).toBe(1);

    // one record, under the partner's hash tag, expiring in 24 hours, already on the primary's replica
    const primary = await rig.cluster.primaryFor(ACME_RECORD);
    const primaryId = (await rig.cluster.topology()).find((node) => node.port === primary)?.id;
    const replica = (await rig.cluster.topology()).find((node) => node.primaryId === primaryId)!.port;
    const onReplica = new Redis({
      port: replica,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    try {
      await onReplica.connect();
      await onReplica.readonly();
      const names = await onReplica.keys('bff:idem:*');
      expect(names.length).toBeGreaterThanOrEqual(1);
      for (const name of names) {
        expect(name).toMatch(/^bff:idem:\{client%3Apartner-acme\}:[0-9a-f]{64}$/);
        expect(await onReplica.pttl(name)).toBeGreaterThan(DAY_MS - 60_000);
      }
    } finally {
      onReplica.disconnect();
    }
  }, 30_000);

  it.each(['handover', 'kill'] as const)(
    'the records’ primary fails over (%s) under a stream of keyed creates: every key replays its order, none is created twice',
    async (mode) => {
      const victim = await rig.cluster.primaryFor(ACME_RECORD);
      const answers: Answer[] = [];
      let sent = 0;
      let loading = true;
      // four clients across both replicas, each sending a create with a new key when the last is answered
      const steady = Promise.all(
        [0, 1, 2, 3].map(async (client) => {
          while (loading) {
            const key = randomUUID();
            sent++;
            answers.push(answerOf(key, await createOrder(rig.replicas[client % 2], rig.acme, key)));
          }
        }),
      );
      await waitUntil(() => answers.length >= 16, 10_000, 'the load to start');
      const answeredBefore = answers.length;
      await rig.cluster.failover(victim, mode);
      // in flight when it began, or sent while it ran (every key of acme is on the victim: a kill stalls them all)
      const throughFailover = sent - answeredBefore;
      const duringFailover = answers.length;
      await waitUntil(() => answers.length >= duringFailover + 16, 10_000, 'the load to go on');
      loading = false;
      await steady;
      const answeredCreates = new Map(orders.creates);

      // every key again, on the other replica of the one that answered first
      const retries = new Map<string, CallResult>();
      for (let i = 0; i < answers.length; i += 4) {
        await Promise.all(
          answers.slice(i, i + 4).map(async ({ key }, j) => {
            retries.set(key, await createOrder(rig.replicas[(i + j + 1) % 2], rig.acme, key));
          }),
        );
      }

      const failed = answers.filter((answer) => answer.status !== 201);
      console.info(
        `idempotency on a cluster, ${mode}: ${answers.length} keyed creates, ${throughFailover} ` +
          `sent or in flight during the failover, ${failed.length} refused (${failed.map((a) => `${a.status} ${a.code}`).join(', ') || 'none'}), ` +
          `${[...orders.creates.values()].filter((n) => n > 1).length} keys sent upstream more than once`,
      );
      expect(throughFailover).toBeGreaterThanOrEqual(4); // the stream went on while the primary changed
      // A handover fails nothing; a kill may refuse a create with the documented 503 (nothing ran, retry the key).
      if (mode === 'handover') expect(failed).toEqual([]);
      for (const answer of failed)
        expect(answer).toMatchObject({ status: 503, code: 'BFF_ERR_REDIS_UNAVAILABLE' });

      for (const answer of answers) {
        const retry = retries.get(answer.key)!;
        expect(retry.status).toBe(201);
        if (answer.status !== 201) continue;
        // an answered key replays its stored answer, and the upstream was not asked to create it again
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(retry.body.id).toBe(answer.id);
        expect(orders.creates.get(answer.key)).toBe(answeredCreates.get(answer.key));
      }
      // every key reached the upstream, and each created its own order
      for (const { key } of answers) expect(orders.creates.get(key)).toBeGreaterThanOrEqual(1);
      expect(new Set([...retries.values()].map((res) => res.body.id)).size).toBe(answers.length);
      expect(unhandled).toEqual([]);
    },
    50_000,
  );
});
