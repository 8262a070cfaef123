import { systemClock, type Clock } from '@bff/core';
import { TIME_EPSILON_MS } from './algorithms/algorithm.types';
import { normalizeIp } from './rate-limit.key';
import type { RateLimitDecision } from './rate-limit-store.interface';
import { defineRateLimitPolicy, type ResolvedRateLimitPolicy } from './rate-limit.policy';
import type { ShieldConfig } from './rate-limit.env';

/** Options of {@link IpShield}. */
export interface IpShieldOptions extends ShieldConfig {
  clock?: Clock;
  /** Most addresses tracked at once (the stalest is forgotten beyond it). Default is 100000. */
  maxAddresses?: number;
}

/**
 * The coarse per-IP shield, in process (GCRA, one number per address): each address may make `perMinute`
 * unauthenticated attempts per minute, `burst` at once. Every attempt takes a unit BEFORE authentication
 * ({@link enter}) and gets it back once a principal is verified ({@link refund}), so only failed and anonymous
 * attempts spend the budget, and however many attempts are in flight at once, at most `burst` of them (plus
 * the refill) reach authentication. Once the budget is spent, the address is refused at once: a flood of bad
 * tokens costs a map lookup per request, no signature check and no Redis command.
 * @example
 * const wait = shield.enter(ip);
 * if (wait > 0) throw new RateLimitedError(shield.refusal(ip, wait));
 * // ... authenticated: shield.refund(ip)
 */
export class IpShield {
  readonly policy: ResolvedRateLimitPolicy;
  private readonly clock: Clock;
  private readonly maxAddresses: number;
  /** Emission interval and tolerance of the GCRA, in milliseconds. */
  private readonly interval: number;
  private readonly tolerance: number;
  /** Normalized address (`normalizeIp`) → theoretical arrival time of its next attempt. */
  private readonly tats = new Map<string, number>();

  constructor(options: IpShieldOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxAddresses = options.maxAddresses ?? 100_000;
    this.policy = defineRateLimitPolicy(
      { name: 'shield', algorithm: 'gcra', limit: options.perMinute, windowMs: 60_000, burst: options.burst },
      'rateLimit.shield',
    );
    this.interval = 60_000 / this.policy.limit;
    this.tolerance = this.interval * this.policy.burst;
  }

  /** Addresses currently tracked. */
  get size(): number {
    return this.tats.size;
  }

  /**
   * Takes one unit for an attempt of `ip`: 0 when it may go on to authentication, else the milliseconds until
   * it may try again (nothing is taken then).
   */
  enter(ip: string): number {
    const address = normalizeIp(ip);
    const now = this.clock.now();
    const tat = this.tats.get(address);
    const from = tat === undefined || tat < now ? now : tat;
    const wait = from + this.interval - this.tolerance - now;
    if (wait > TIME_EPSILON_MS) return Math.ceil(wait);
    if (tat !== undefined)
      this.tats.delete(address); // re-inserted last: the map stays stalest first
    else if (this.tats.size >= this.maxAddresses) this.forgetStalest();
    this.tats.set(address, from + this.interval);
    return 0;
  }

  /** Gives back the unit of an attempt that turned out authenticated. */
  refund(ip: string): void {
    const address = normalizeIp(ip);
    const tat = this.tats.get(address);
    if (tat === undefined) return;
    const back = tat - this.interval;
    if (back <= this.clock.now()) this.tats.delete(address);
    else this.tats.set(address, back);
  }

  /** The decision a refused address is answered with (429, `Retry-After`, the `shield` policy's headers). */
  refusal(ip: string, retryAfterMs: number): RateLimitDecision {
    const wait = Math.max(1, Math.ceil(retryAfterMs));
    return {
      allowed: false,
      retryAfterMs: wait,
      degraded: false,
      outcomes: [
        {
          key: `ip:${normalizeIp(ip)}`,
          policy: this.policy,
          allowed: false,
          remaining: 0,
          resetAfterMs: wait,
          retryAfterMs: wait,
        },
      ],
    };
  }

  private forgetStalest(): void {
    const now = this.clock.now();
    for (const [address, tat] of this.tats) {
      this.tats.delete(address);
      if (tat > now) return; // dropped one live entry; expired ones before it cost nothing
    }
  }
}
