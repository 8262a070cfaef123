import { DEMO_PARTNERS, fetchClientToken } from '@bff/testing';
import { startHa } from './support/ha-stack';

/** globex's burst in this test (its tier is the default policy): 300 at once, then one a minute. */
const LIMIT = 300;
const BURST = 4 * LIMIT;
const CONCURRENCY = 48;

/**
 * Limits across the load balancer: one partner's burst through nginx, spread over three partner-bff replicas
 * sharing one Redis, is admitted to the configured limit (within 1%), whichever replica each request reaches.
 */
describe('rate limits across the load balancer (e2e, 3 partner-bff replicas behind nginx, one Redis)', () => {
  let ha: Awaited<ReturnType<typeof startHa>>;

  beforeAll(async () => {
    ha = await startHa({
      apps: ['partner-bff'],
      replicas: 3,
      appEnv: {
        'partner-bff': {
          RATE_LIMIT_PER_MIN: '1',
          RATE_LIMIT_BURST: String(LIMIT),
          RATE_LIMIT_DAILY_QUOTA: '0',
          // a loaded test machine must not turn a slow Redis answer into a local decision
          RATE_LIMIT_STORE_TIMEOUT_MS: '1000',
        },
      },
    });
  }, 180_000);
  afterAll(() => ha?.stop());

  it(`admits ${LIMIT} of a burst of ${BURST} from one partner, across every replica`, async () => {
    const token = await fetchClientToken(ha.idpUrl, DEMO_PARTNERS.globex);
    const agent = ha.agent({ connections: CONCURRENCY });
    const statuses: number[] = [];
    const logStart = ha.lbLog().length;
    try {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next++ < BURST) {
          const res = await agent.request({
            origin: ha.urls['partner-bff'],
            path: '/v1/products/p42',
            method: 'GET',
            headers: { authorization: `Bearer ${token}` },
          });
          await res.body.dump();
          statuses.push(res.statusCode);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      await agent.close();
    }
    const admitted = statuses.filter((s) => s === 200).length;
    const perReplica = ha.replicas['partner-bff'].map(
      (r) =>
        ha
          .lbLog()
          .slice(logStart)
          .filter((e) => e.tried.at(-1) === r.address).length,
    );
    console.info(
      `through nginx: ${admitted} of ${BURST} admitted for a limit of ${LIMIT}; per replica ${perReplica.join('/')}`,
    );
    expect(statuses).toHaveLength(BURST);
    expect(Math.abs(admitted - LIMIT)).toBeLessThanOrEqual(LIMIT * 0.01);
    expect(statuses.filter((s) => s === 429)).toHaveLength(BURST - admitted);
    // nginx spread the burst: every replica decided a share of it against the shared counter
    for (const share of perReplica) expect(share).toBeGreaterThan(BURST / 6);
  }, 120_000);
});
