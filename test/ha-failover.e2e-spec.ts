import { clearFaults, eventually, mintUserToken, setFaults } from '@bff/testing';
import { startHa, type HaStack, type LbLogEntry } from './support/ha-stack';

/** Clients of the steady load, each with one request in flight at a time. */
const CONCURRENCY = 12;
/** What the drill promises: a killed replica is out of every request's path within this time. */
const FAILOVER_BOUND_MS = 30_000;

interface Outcome {
  startedAt: number;
  status: number;
  error?: string;
  /** Sent again because nginx closed the idle keep-alive connection it went out on (see the worker). */
  resent?: boolean;
}

/**
 * The failover drill: three mobile-bff replicas behind nginx (TLS, the readiness gate) under a steady load of
 * GET /v1/home. One replica is killed (SIGKILL) mid-load, then another is stopped with SIGTERM and drains.
 * Every request is a GET, so nginx retries the ones that were in flight on the killed replica (or sent to it
 * before it left rotation) on another: the client sees no error at all.
 */
describe('failover drill: replicas behind nginx under load (e2e, built apps, real nginx)', () => {
  let ha: Awaited<ReturnType<typeof startHa>>;
  let stack: HaStack;

  beforeAll(async () => {
    const started = Date.now();
    ha = await startHa({
      apps: ['mobile-bff'],
      replicas: 3,
      gateIntervalMs: 250,
      drainDelayMs: 2000,
      appEnv: { 'mobile-bff': { RATE_LIMIT_ENABLED: 'false', READINESS_CACHE_MS: '0' } },
    });
    stack = ha;
    console.info(`HA stack up in ${Date.now() - started} ms`);
  }, 180_000);
  afterAll(() => ha?.stop());

  it('kill -9 of one replica: no client error, every request on the others within 30 s; SIGTERM of another: drained, no error, exit 0', async () => {
    const [dead, drained, survivor] = stack.replicas['mobile-bff'];
    const tokens = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) =>
        mintUserToken(stack.idpUrl, { sub: `u${i + 1}`, aud: 'mobile-bff' }),
      ),
    );
    // Slow enough that requests are in flight on every replica at any moment.
    await setFaults(stack.upstreamUrls.users, { latencyMs: 40 });
    const agent = ha.agent({ connections: CONCURRENCY });
    const outcomes: Outcome[] = [];
    let loading = true;
    const get = async (token: string): Promise<number> => {
      const res = await agent.request({
        origin: stack.urls['mobile-bff'],
        path: '/v1/home',
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        headersTimeout: 20_000,
      });
      await res.body.dump();
      return res.statusCode;
    };
    // The gate reloads nginx when a replica leaves rotation; the old worker closes its idle keep-alive client
    // connections, and a GET that went out on one at that moment meets a closed socket without an answer.
    // Browsers and HTTP clients send such an idempotent request again on a new connection (RFC 9110 9.2.2),
    // so this client does too, once, and counts it: a second failure is a client-visible error.
    const worker = async (token: string): Promise<void> => {
      while (loading) {
        const startedAt = Date.now();
        let resent = false;
        try {
          let status: number;
          try {
            status = await get(token);
          } catch (err) {
            if ((err as { code?: string }).code !== 'UND_ERR_SOCKET') throw err;
            resent = true;
            status = await get(token);
          }
          outcomes.push({ startedAt, status, resent });
        } catch (err) {
          outcomes.push({ startedAt, status: 0, error: String(err), resent });
        }
      }
    };
    const load = Promise.all(tokens.map(worker));
    try {
      // a steady load first: every worker has been answered a few times through nginx
      await eventually(() => outcomes.filter((o) => o.status === 200).length >= 4 * CONCURRENCY, 30_000);
      const killedAt = Date.now();
      dead.child.proc.kill('SIGKILL');
      await dead.child.exited;
      // out of rotation as soon as the readiness gate sees it gone (bounded), not after a fixed wait
      await eventually(() => !dead.up, FAILOVER_BOUND_MS);
      // and nginx has served the load on the others since the last request that met it (its reload is async)
      await eventually(() => {
        const seen = ha.lbLog().filter((e) => e.at >= killedAt);
        const lastTouch = Math.max(
          killedAt,
          ...seen.filter((e) => e.tried.includes(dead.address)).map((e) => e.at),
        );
        return seen.filter((e) => e.at > lastTouch).length >= 2 * CONCURRENCY;
      }, FAILOVER_BOUND_MS);

      const termAt = Date.now();
      drained.child.proc.kill('SIGTERM');
      const exit = await drained.child.exited;
      const drainedAt = Date.now();
      // the load goes on after the drain until the survivor has answered requests started after it, logged
      await eventually(
        () =>
          outcomes.filter((o) => o.startedAt > drainedAt).length >= 2 * CONCURRENCY &&
          ha.lbLog().filter((e) => e.at > drainedAt).length >= 2 * CONCURRENCY,
        30_000,
      );
      loading = false;
      await load;

      const log = ha.lbLog();
      const touching = (entries: LbLogEntry[], address: string) =>
        entries.filter((e) => e.tried.includes(address));
      const afterKill = log.filter((e) => e.at >= killedAt);
      const retried = touching(afterKill, dead.address).filter((e) => e.tried.length > 1);
      const lastOnDead = Math.max(...retried.map((e) => e.at));
      const resent = outcomes.filter((o) => o.resent).length;
      console.info(
        `failover drill: ${outcomes.length} requests; ${retried.length} tried the killed replica and were retried ` +
          `(the last ${lastOnDead - killedAt} ms after the kill); drain took ${drainedAt - termAt} ms; ` +
          `${resent} resent by the client after a reload closed its idle connection`,
      );

      // no client-visible error, neither at the kill nor during the drain
      expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
      // a reload closes at most each client's one connection, and the gate reloads once per change of rotation
      expect(resent).toBeLessThanOrEqual(2 * CONCURRENCY);
      expect(outcomes.filter((o) => o.startedAt > drainedAt).length).toBeGreaterThan(0);
      // the requests that met the killed replica were retried on another one, and answered
      expect(retried.length).toBeGreaterThan(0);
      expect(retried.every((e) => e.status === 200 && e.tried.at(-1) !== dead.address)).toBe(true);
      // any other request the killed replica answered was done at the kill (logged within moments of it, on a loaded machine)
      const answeredByDead = touching(afterKill, dead.address).filter((e) => e.tried.length === 1);
      expect(answeredByDead.filter((e) => e.at > killedAt + 500)).toEqual([]);
      // and it is out of every request's path within the bound (the load went on for seconds after)
      expect(lastOnDead - killedAt).toBeLessThan(FAILOVER_BOUND_MS);
      expect(
        touching(
          log.filter((e) => e.at > lastOnDead),
          dead.address,
        ),
      ).toEqual([]);
      expect(log.filter((e) => e.at > lastOnDead && e.at < termAt).length).toBeGreaterThan(0);

      // the SIGTERM'd replica drained: exit 0, nothing retried away from it, then only the survivor serves
      expect(exit).toEqual({ code: 0, signal: null });
      const duringDrain = log.filter((e) => e.at >= termAt && e.at <= drainedAt);
      expect(duringDrain.filter((e) => e.tried.length > 1)).toEqual([]);
      const afterDrain = log.filter((e) => e.at > drainedAt);
      expect(afterDrain.length).toBeGreaterThan(0);
      expect(afterDrain.every((e) => e.tried.length === 1 && e.tried[0] === survivor.address)).toBe(true);
    } finally {
      loading = false;
      await load;
      await agent.close();
      await clearFaults(stack.upstreamUrls.users);
    }
  }, 120_000);
});
