import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Pool, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '@bff/core';
import { DispatcherGroup } from './dispatcher-group';

/** One address a host name resolves to; `port`, when given (a Consul SRV answer), replaces the URL's. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
  port?: number;
}

/** Resolves a host name to its current addresses (rejecting, or answering none, when it cannot). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * Re-resolution of an upstream's host name while the BFF runs, as a Kubernetes headless Service or a Consul
 * name needs (their addresses change while the name stays).
 * @example dns: { ttlMs: 10_000 }
 */
export interface DnsOptions {
  /** Time (in milliseconds) an answer is used before the name is resolved again. Default is 30000 (30 s). */
  ttlMs?: number;
  /**
   * The resolver. Default is the system's (`dns.lookup`, every address), keeping the IPv4 ones when there are
   * any (a `localhost` answering `::1` too must not send half the calls to a port nobody listens on).
   */
  lookup?: HostLookup;
}

/** Defaults of {@link DnsOptions}. */
export const DNS_DEFAULTS = { ttlMs: 30_000 } as const;

/** The system resolver, IPv4 answers first and alone when there are any. */
export const systemLookup: HostLookup = async function systemLookup(hostname) {
  const answers = await dnsLookup(hostname, { all: true });
  const v4 = answers.filter((a) => a.family === 4);
  return (v4.length > 0 ? v4 : answers).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
};

/** Whether `origin`'s host is a name to resolve (not an IP literal). */
export function hasHostName(origin: string): boolean {
  const { hostname } = new URL(origin);
  return isIP(hostname.replace(/^\[|\]$/g, '')) === 0;
}

/** Why a name that never resolved fails its calls (classified as unavailable, like undici's own DNS errors). */
class LookupFailedError extends Error {
  readonly code = 'ENOTFOUND';
}

type Pending = [Dispatcher.DispatchOptions, Dispatcher.DispatchHandler];

/**
 * A dispatcher for one origin whose host name is resolved on the framework clock: a keep-alive `Pool` per
 * address it resolves to, calls round robin over them (sent with the name as `Host`, and as TLS server name on
 * https), and the name resolved again once `ttlMs` has passed. Calls that find the answer expired wait for the
 * new one (one lookup, shared); pools of addresses that left the answer are closed after their calls finish.
 * A failed lookup keeps the last answer (a resolver outage does not become an upstream outage) and is tried
 * again after at most 5 s; a name that never resolved fails its calls as unavailable.
 *
 * Ours rather than undici's `interceptors.dns`: that one rewrites the origin of each dispatch, which only an
 * `Agent` honours (a `Pool` keeps its sockets to its one origin), and reads `Date.now()`.
 * @example
 * const pool = new ResolvingPool('http://catalog.default.svc:4003', { connections: 64 }, { ttlMs: 10_000 });
 */
export class ResolvingPool extends DispatcherGroup {
  private readonly url: URL;
  private readonly ttlMs: number;
  private readonly lookup: HostLookup;
  private pools = new Map<string, Pool>();
  private order: Pool[] = [];
  private turn = 0;
  private expiresAt = -Infinity;
  private resolving?: Promise<void>;
  private waiting: Pending[] = [];
  private closed = false;

  constructor(
    origin: string,
    private readonly poolOptions: Pool.Options,
    options: DnsOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    super();
    this.url = new URL(origin);
    this.ttlMs = options.ttlMs ?? DNS_DEFAULTS.ttlMs;
    this.lookup = options.lookup ?? systemLookup;
  }

  /** The addresses calls go to now (`address:port`), in the resolver's order. */
  addresses(): string[] {
    return [...this.pools.keys()];
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.order.length > 0 && this.clock.now() < this.expiresAt) return this.send(options, handler);
    this.waiting.push([options, handler]);
    this.resolving ??= this.resolve().finally(() => {
      this.resolving = undefined;
      this.flush();
    });
    return true;
  }

  private send(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const pool = this.order[this.turn++ % this.order.length];
    const headers = options.headers as Record<string, string> | undefined;
    return pool.dispatch({ ...options, headers: { host: this.url.host, ...headers } }, handler);
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const [options, handler] of waiting) {
      if (this.order.length > 0 && !this.closed) this.send(options, handler);
      else
        handler.onResponseError?.(
          undefined as unknown as Dispatcher.DispatchController,
          new LookupFailedError(`${this.url.hostname} did not resolve`),
        );
    }
  }

  private async resolve(): Promise<void> {
    let answer: readonly ResolvedAddress[] = [];
    try {
      answer = await this.lookup(this.url.hostname);
    } catch {
      // keep the last answer, if any
    }
    const now = this.clock.now();
    if (answer.length === 0) {
      this.expiresAt = now + Math.min(this.ttlMs, 5000);
      return;
    }
    this.expiresAt = now + this.ttlMs;
    const next = new Map<string, Pool>();
    for (const { address, family, port } of answer) {
      const host = family === 6 ? `[${address}]` : address;
      const key = `${host}:${port ?? (this.url.port || (this.url.protocol === 'https:' ? 443 : 80))}`;
      next.set(key, this.pools.get(key) ?? this.poolFor(key));
    }
    for (const [key, pool] of this.pools) if (!next.has(key)) void pool.close();
    this.pools = next;
    this.order = [...next.values()];
  }

  private poolFor(hostAndPort: string): Pool {
    const { connect } = this.poolOptions;
    const servername = this.url.hostname;
    return new Pool(`${this.url.protocol}//${hostAndPort}`, {
      ...this.poolOptions,
      ...(this.url.protocol === 'https:' && typeof connect !== 'function'
        ? { connect: { ...connect, servername } }
        : {}),
    });
  }

  protected override members(): readonly Dispatcher[] {
    return [...this.pools.values()];
  }

  protected override ending(): Promise<void> {
    this.closed = true;
    return Promise.resolve(this.resolving);
  }
}
