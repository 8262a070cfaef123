import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '@bff/core';
import {
  createUpstreamClient,
  readDownstreamEnv,
  type HostLookup,
  type ResolvedAddress,
} from '@bff/downstream';

/** A server on `host:port` answering which address it is, and recording the Host header it saw. */
async function serve(host: string, port: number, hosts: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    hosts.push(req.headers.host ?? '');
    const body = JSON.stringify({ from: host });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('upstream host names re-resolved while running (a resolver the test controls)', () => {
  const hosts: string[] = [];
  let first: Server;
  let second: Server;
  let port: number;

  beforeAll(async () => {
    first = await serve('127.0.0.1', 0, hosts);
    port = (first.address() as AddressInfo).port;
    second = await serve('127.0.0.2', port, hosts); // the same port on another loopback address
  });
  afterAll(async () => {
    await close(first);
    await close(second);
  });

  /** A resolver answering `answer` (or failing when it is an Error), counting its lookups. */
  function resolver(): { lookup: HostLookup; answer: readonly ResolvedAddress[] | Error; lookups: string[] } {
    const state = {
      answer: [] as readonly ResolvedAddress[] | Error,
      lookups: [] as string[],
      lookup: async (hostname: string) => {
        state.lookups.push(hostname);
        if (state.answer instanceof Error) throw state.answer;
        return state.answer;
      },
    };
    return state;
  }

  it('follows the name to its new address once the TTL has passed, keeping the last answer through a resolver outage', async () => {
    const clock = new FakeClock();
    const dns = resolver();
    dns.answer = [{ address: '127.0.0.1', family: 4 }];
    const catalog = createUpstreamClient(
      'catalog',
      { baseUrl: `http://catalog.test:${port}`, dns: { ttlMs: 10_000, lookup: dns.lookup }, retry: false },
      { clock },
    );
    const from = async (n: number) => {
      const answers = await Promise.all(
        Array.from({ length: n }, () => catalog.get<{ from: string }>('/products/p1')),
      );
      return [...new Set(answers.map((r) => r.body.from))];
    };
    try {
      expect(await from(5)).toEqual(['127.0.0.1']);
      expect(dns.lookups).toEqual(['catalog.test']); // one lookup shared by the five calls
      expect(hosts.at(-1)).toBe(`catalog.test:${port}`);

      dns.answer = [{ address: '127.0.0.2', family: 4 }];
      clock.advance(9_999);
      expect(await from(3)).toEqual(['127.0.0.1']); // the answer is still fresh
      clock.advance(1);
      expect(await from(3)).toEqual(['127.0.0.2']);
      expect(dns.lookups).toHaveLength(2);

      dns.answer = new Error('resolver down');
      clock.advance(10_000);
      expect(await from(3)).toEqual(['127.0.0.2']);
      expect(dns.lookups).toHaveLength(3);

      dns.answer = [
        { address: '127.0.0.1', family: 4 },
        { address: '127.0.0.2', family: 4 },
      ];
      clock.advance(10_000);
      expect((await from(6)).sort()).toEqual(['127.0.0.1', '127.0.0.2']); // round robin over both
    } finally {
      await catalog.close();
    }
  });

  it('fails the calls of a name that never resolved as unavailable (503), not as an internal error', async () => {
    const dns = resolver();
    const catalog = createUpstreamClient('catalog', {
      baseUrl: `http://nowhere.test:${port}`,
      dns: { lookup: dns.lookup },
      retry: false,
    });
    try {
      await expect(catalog.get('/products/p1')).rejects.toMatchObject({
        code: 'BFF_ERR_DOWNSTREAM_UNAVAILABLE',
        status: 503,
      });
    } finally {
      await catalog.close();
    }
  });

  it('re-resolves each instance of several, and never an IP literal', async () => {
    const dns = resolver();
    dns.answer = [{ address: '127.0.0.2', family: 4 }];
    const catalog = createUpstreamClient('catalog', {
      baseUrl: `http://catalog.test:${port}`,
      instances: [`http://catalog.test:${port}`, `http://127.0.0.1:${port}`],
      dns: { lookup: dns.lookup },
      retry: false,
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => catalog.get<{ from: string }>('/products/p1')),
      );
      expect(answers.map((r) => r.body.from).sort()).toEqual([
        '127.0.0.1',
        '127.0.0.1',
        '127.0.0.2',
        '127.0.0.2',
      ]);
      expect(dns.lookups).toEqual(['catalog.test']);
    } finally {
      await catalog.close();
    }
  });

  it('reads UPSTREAM_<NAME>_DNS_TTL_MS (0 = off), validated', () => {
    const read = (value: string) =>
      readDownstreamEnv({ UPSTREAM_CATALOG_URL: 'http://catalog:4003', UPSTREAM_CATALOG_DNS_TTL_MS: value }, [
        'catalog',
      ]).settings.catalog.dns;
    expect(read('5000')).toEqual({ ttlMs: 5000 });
    expect(read('0')).toBe(false);
    expect(() => read('soon')).toThrow(/UPSTREAM_CATALOG_DNS_TTL_MS: must be an integer/);
    expect(() => createUpstreamClient('catalog', { baseUrl: 'http://c:1', dns: { ttlMs: 0 } })).toThrow(
      /upstreams\.catalog\.dns\.ttlMs: must be a positive integer/,
    );
  });
});
