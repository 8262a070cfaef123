import { clearFaults, getStats, resetStats, setFaults } from '@bff/testing';
import { request } from 'undici';
import { DemoStack, startDemoStack } from './demo-stack';

describe('fault injection and request accounting', () => {
  let stack: DemoStack;
  let users: string;
  beforeAll(async () => {
    stack = await startDemoStack();
    users = stack.urls.users;
  });
  afterAll(() => stack.close());
  afterEach(() => clearFaults(users));

  async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
    const started = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  }

  it('applies latency to later requests, not to /__ routes', async () => {
    await setFaults(users, { latencyMs: 1000 });
    const slow = await timed(`${users}/users/u1`);
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(990);
    // A local request takes milliseconds; 800 ms is what a loaded 2-core machine keeps, and still tells an
    // undelayed route from one delayed by 1000 ms.
    expect((await timed(`${users}/__faults`)).ms).toBeLessThan(800);
  });

  it('answers errorStatus for every request with errorRate 1, and only there', async () => {
    await setFaults(users, { errorRate: 1, errorStatus: 503 });
    const res = await fetch(`${users}/users/u1`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toBe('injected_fault');
    expect((await fetch(`${stack.urls.catalog}/products/p1`)).status).toBe(200);
  });

  it('hangs until the client gives up, and the client abort releases it', async () => {
    await setFaults(users, { hang: true });
    const started = performance.now();
    await expect(fetch(`${users}/users/u1`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(290);
    // The hang never ends by itself: settling at all shows the abort; the bound only guards against slowness
    // and is generous for a loaded 2-core machine.
    expect(waited).toBeLessThan(5000);
    await clearFaults(users);
    expect((await fetch(`${users}/users/u1`)).status).toBe(200);
  });

  it('resets connections without answering', async () => {
    await setFaults(users, { resetConnections: true });
    await expect(request(`${users}/users/u1`)).rejects.toMatchObject({
      code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/),
    });
  });

  it('DELETE /__faults clears every fault', async () => {
    await setFaults(users, { latencyMs: 2000, errorRate: 1 });
    expect(await (await fetch(`${users}/__faults`)).json()).toEqual({ latencyMs: 2000, errorRate: 1 });
    await clearFaults(users);
    expect(await (await fetch(`${users}/__faults`)).json()).toEqual({});
    const fast = await timed(`${users}/users/u1`);
    expect(fast.status).toBe(200);
    // The cleared latency was 2000 ms; a loaded 2-core machine answers a local request well within 1500.
    expect(fast.ms).toBeLessThan(1500);
  });

  it.each([
    [{ latencyMs: -1 }],
    [{ latencyMs: '100' }],
    [{ errorRate: 1.5 }],
    [{ errorStatus: 200 }],
    [{ hang: 'yes' }],
    [{ latencyMs: 10, explode: true }],
    [[]],
  ])('refuses a bad fault spec %j with 400', async (spec) => {
    await expect(setFaults(users, spec as never)).rejects.toThrow(/400.*bad_request/);
    expect(await (await fetch(`${users}/__faults`)).json()).toEqual({});
  });

  it('counts requests by route pattern and records propagation headers', async () => {
    await resetStats(stack.urls.catalog);
    await fetch(`${stack.urls.catalog}/products/p1`);
    await fetch(`${stack.urls.catalog}/products/p2`);
    await fetch(`${stack.urls.catalog}/products?ids=p1`, {
      headers: {
        'x-request-id': 'req-42',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'x-request-timeout-ms': '1500',
        'x-user-id': 'u7',
      },
    });
    await fetch(`${stack.urls.catalog}/__faults`);
    const stats = await getStats(stack.urls.catalog);
    expect(stats).toEqual({
      requests: 3,
      byRoute: { 'GET /products/:id': 2, 'GET /products': 1 },
      lastHeaders: {
        'x-request-id': 'req-42',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'x-request-timeout-ms': '1500',
        'x-user-id': 'u7',
        'x-client-id': null,
      },
    });
    await resetStats(stack.urls.catalog);
    expect(await getStats(stack.urls.catalog)).toEqual({ requests: 0, byRoute: {}, lastHeaders: null });
  });

  it('closes promptly even while a request hangs', async () => {
    const own = await startDemoStack();
    await setFaults(own.urls.inventory, { hang: true });
    const hung = fetch(`${own.urls.inventory}/stock?productIds=p1`).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await own.close();
    // A close that waited for the hung request would never return; 5 s is generous for a loaded machine.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await hung).toHaveProperty('message', 'fetch failed');
  });
});
