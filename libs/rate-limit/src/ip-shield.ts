import { systemClock, type Clock } from '@bff/core';
import { normalizeIp } from './rate-limit.key';
import type { RateLimitDecision } from './rate-limit-store.interface';
import { defineRateLimitPolicy, type ResolvedRateLimitPolicy } from './rate-limit.policy';
import { MemoryRateLimitStore } from './stores/memory-rate-limit.store';
import type { ShieldConfig } from './rate-limit.env';

/** Options of {@link IpShield}. */
export interface IpShieldOptions extends ShieldConfig {
  clock?: Clock;
  /** Most addresses tracked at once (the stalest is forgotten beyond it). Default is 100000. */
  maxAddresses?: number;
}

/**
 * The coarse per-IP shield, in process: each address may fail (bad, expired or missing credentials) or call
 * anonymously `perMinute` times per minute, `burst` at once (GCRA). Once it is over, every request from the
 * address is refused BEFORE authentication until a unit is back, so a flood of bad tokens costs one map
 * lookup per request: no signature check, no Redis command. Authenticated requests are never charged.
 *
 * `blockedFor` is the hot path (one `Map.get`); `charge` runs only for failed and anonymous attempts.
 * @example
 * const shield = new IpShield({ perMinute: 600, burst: 100 });
 * if (shield.blockedFor(ip) > 0) throw new RateLimitedError(shield.refusal(ip));
 */
export class IpShield {
  readonly policy: ResolvedRateLimitPolicy;
  private readonly clock: Clock;
  private readonly store: MemoryRateLimitStore;
  private readonly maxAddresses: number;
  /** Normalized address (`normalizeIp`) → clock time until which it is refused. */
  private readonly blocked = new Map<string, number>();

  constructor(options: IpShieldOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxAddresses = options.maxAddresses ?? 100_000;
    this.policy = defineRateLimitPolicy(
      { name: 'shield', algorithm: 'gcra', limit: options.perMinute, windowMs: 60_000, burst: options.burst },
      'rateLimit.shield',
    );
    this.store = new MemoryRateLimitStore({ clock: this.clock, maxKeys: this.maxAddresses });
  }

  /** Milliseconds the address is still refused for; 0 when it may try. */
  blockedFor(ip: string): number {
    if (this.blocked.size === 0) return 0;
    const address = normalizeIp(ip);
    const until = this.blocked.get(address);
    if (until === undefined) return 0;
    const left = until - this.clock.now();
    if (left > 0) return left;
    this.blocked.delete(address);
    return 0;
  }

  /** Counts one failed or anonymous attempt of the address; blocks it when its budget is spent. */
  charge(ip: string): void {
    const address = normalizeIp(ip);
    const decision = this.store.decideNow([{ key: address, policy: this.policy, cost: 1 }]);
    if (decision.allowed) return;
    if (this.blocked.size >= this.maxAddresses) {
      const oldest = this.blocked.keys().next();
      if (!oldest.done) this.blocked.delete(oldest.value);
    }
    this.blocked.delete(address);
    this.blocked.set(address, this.clock.now() + decision.retryAfterMs);
  }

  /** The decision a refused address is answered with (429, `Retry-After`, the `shield` policy's headers). */
  refusal(ip: string, retryAfterMs = this.blockedFor(ip)): RateLimitDecision {
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
}
