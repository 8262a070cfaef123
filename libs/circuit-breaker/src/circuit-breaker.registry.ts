import { ConfigError, systemClock, type Clock } from '@bff/core';
import { CircuitBreaker, type CircuitBreakerSnapshot } from './circuit-breaker';
import type { CircuitBreakerOptions, CircuitStateChange } from './circuit-breaker.options';

/** Options of a {@link CircuitBreakerRegistry}. */
export interface CircuitBreakerRegistryOptions {
  /** Clock every breaker of the registry reads. Default is `systemClock`. */
  clock?: Clock;
  /** Called once per state change of any breaker (log it, count it); exceptions are swallowed. */
  onStateChange?: (change: CircuitStateChange) => void;
  /** Most breakers the registry creates (per-operation breakers must stay bounded). Default is 256. */
  maxBreakers?: number;
}

/**
 * The breakers of an app, by name (`catalog`, or `catalog:stock` per operation), created on first use and
 * bounded; one listener sees every state change. Readable as a whole for health and metrics.
 * @example
 * const breakers = new CircuitBreakerRegistry({ clock, onStateChange: (c) => log.warn(c, 'breaker') });
 * const catalog = breakers.get('catalog', { minimumCalls: 10 });
 * breakers.snapshot(); // { catalog: { state: 'closed', ... } }
 * @throws ConfigError (BFF_ERR_CONFIG) from `get` when the options are invalid or there would be too many breakers
 */
export class CircuitBreakerRegistry {
  readonly clock: Clock;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly maxBreakers: number;

  constructor(private readonly options: CircuitBreakerRegistryOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxBreakers = options.maxBreakers ?? 256;
    if (!Number.isSafeInteger(this.maxBreakers) || this.maxBreakers < 1)
      throw new ConfigError([`maxBreakers: must be a positive integer, got ${this.maxBreakers}`]);
  }

  /** The breaker named `name`, created with `options` the first time (later calls return the same breaker). */
  get(name: string, options?: CircuitBreakerOptions): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (breaker) return breaker;
    if (this.breakers.size >= this.maxBreakers)
      throw new ConfigError([`breaker "${name}": more than ${this.maxBreakers} breakers`]);
    breaker = new CircuitBreaker(name, options, this.options.onStateChange);
    this.breakers.set(name, breaker);
    return breaker;
  }

  /** Every breaker's state, by name. */
  snapshot(): Record<string, CircuitBreakerSnapshot> {
    const now = this.clock.now();
    const out: Record<string, CircuitBreakerSnapshot> = {};
    for (const [name, breaker] of this.breakers) out[name] = breaker.snapshot(now);
    return out;
  }
}
