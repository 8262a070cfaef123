import path from 'node:path';
import { Agent, request } from 'undici';
import { clearFaults, freePort, getStats, mintUserToken, setFaults } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { demoEnv } from './support/bff-harness';
import { buildIfStale, refused, ROOT, spawnChild, until, type Child } from './support/built-app';

const CONCURRENT = 300;
const SHUTDOWN_TIMEOUT_MS = 25_000;

/** Requests to `route` the BFF has received so far: in flight (less the scrape itself) plus answered. */
async function received(url: string, route: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const inFlight = Number(/^bff_http_requests_in_flight (\d+)$/m.exec(text)?.[1] ?? 1) - 1;
  const answered = text
    .split('\n')
    .filter((line) =>
      line.startsWith(`http_server_request_duration_seconds_count{method="GET",route="${route}"`),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  return inFlight + answered;
}

describe('graceful shutdown of a built mobile-bff in a child process (SIGTERM)', () => {
  let stack: DemoStack;

  beforeAll(async () => {
    buildIfStale('mobile-bff');
    stack = await startDemoStack();
  }, 300_000);
  afterAll(() => stack.close());

  async function startChild(
    drainDelayMs: number,
    env: Record<string, string> = {},
  ): Promise<{ child: Child; url: string; port: number }> {
    const port = await freePort();
    const child = spawnChild(process.execPath, [path.join(ROOT, 'dist/apps/mobile-bff/main.js')], {
      ...demoEnv(stack, 'mobile-bff', {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SHUTDOWN_DRAIN_DELAY_MS: String(drainDelayMs),
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        // Hundreds of first-time tokens from one address at once would meet the per-IP shield (every attempt
        // holds a unit of it until its token is verified); limits have their own suites.
        RATE_LIMIT_ENABLED: 'false',
        ...env,
      }),
    });
    const url = `http://127.0.0.1:${port}`;
    await until(
      async () => (await fetch(`${url}/health/ready`).catch(() => null))?.status === 200,
      30_000,
      'mobile-bff ready',
    );
    return { child, url, port };
  }

  it('fails readiness first and keeps serving for the drain delay, then refuses connections and exits 0', async () => {
    const { child, url, port } = await startChild(1500);
    const probe = new Agent({ connections: 1 });
    try {
      child.process.kill('SIGTERM');
      const ready = await request(`${url}/health/ready`, { dispatcher: probe });
      expect(ready.statusCode).toBe(503);
      expect(await ready.body.json()).toEqual({ status: 'unavailable', checks: { draining: 'down' } });
      const live = await request(`${url}/health/live`, { dispatcher: probe });
      expect(live.statusCode).toBe(200);
      expect(live.headers.connection).toBe('close');
      await live.body.dump();

      expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(await refused(port)).toBe(true);
    } finally {
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
      await probe.close();
    }
  }, 60_000);

  it(`completes every one of ${CONCURRENT} requests in flight at the signal, none reset, and exits 0`, async () => {
    const { child, url, port } = await startChild(500, { REQUEST_TIMEOUT_MS: '30000' });
    const agent = new Agent({ connections: CONCURRENT + 10, pipelining: 1 });
    try {
      // Distinct users, so no two requests share (coalesce) an upstream call.
      const tokens: string[] = [];
      for (let i = 0; i < CONCURRENT; i += 25) {
        const batch = Array.from({ length: 25 }, (_, j) =>
          mintUserToken(stack.urls.idp, { sub: `u${i + j + 1}`, aud: 'mobile-bff' }),
        );
        tokens.push(...(await Promise.all(batch)));
      }
      await setFaults(stack.urls.users, { latencyMs: 700 });
      const before = (await getStats(stack.urls.users)).requests;
      const answers = tokens.map((token) =>
        request(`${url}/v1/home`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` } }).then(
          async (res) => ({
            status: res.statusCode,
            body: (await res.body.json()) as { user?: { id: string } },
          }),
          (err: unknown) => ({ status: 0, body: { error: String(err) } as { user?: { id: string } } }),
        ),
      );
      // Every request has been received by the BFF (in its handler, queued for the users pool of 64
      // connections, or already answered on this slow shared machine); most are in flight at the signal.
      await until(
        async () => (await received(url, '/v1/home')) >= CONCURRENT,
        60_000,
        'every request received',
      );
      expect((await getStats(stack.urls.users)).requests).toBeGreaterThan(before);
      const signalled = Date.now();
      child.process.kill('SIGTERM');

      const results = await Promise.all(answers);
      const exit = await child.exited;
      const elapsed = Date.now() - signalled;

      expect(results.filter((r) => r.status !== 200)).toEqual([]);
      expect(results.map((r) => r.body.user?.id)).toEqual(tokens.map((_, i) => `u${i + 1}`));
      expect(exit).toEqual({ code: 0, signal: null });
      expect(elapsed).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(await refused(port)).toBe(true);
    } finally {
      await clearFaults(stack.urls.users);
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
      await agent.close();
    }
  }, 150_000);
});
