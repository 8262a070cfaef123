import { systemClock, type Clock } from '@bff/core';
import { RateLimitUnavailableError } from '../rate-limit.errors';
import {
  assertRateLimitRequests,
  type RateLimitDecision,
  type RateLimitPeekRequest,
  type RateLimitRequest,
  type RateLimitStore,
} from '../rate-limit-store.interface';

/**
 * Health of the shared store as readiness and the status page see it: `healthy` (last call succeeded),
 * `degraded` (recent failures, or a probe after the cool-down is in flight) or `open` (the breaker bypasses the
 * shared store until the cool-down ends).
 */
export type RateLimitStoreState = 'healthy' | 'degraded' | 'open';

/** A snapshot of {@link ResilientRateLimitStore}'s breaker. */
export interface RateLimitStoreHealth {
  readonly state: RateLimitStoreState;
  /** Failures in a row of the shared store. */
  readonly consecutiveFailures: number;
  /** Milliseconds until the shared store is probed again (0 unless `open`). */
  readonly retryInMs: number;
  /** The last failure's message, for logs and the status page (never sent to clients). */
  readonly lastError?: string;
}

/** Options of {@link ResilientRateLimitStore}. */
export interface ResilientRateLimitStoreOptions {
  /** Time source of the breaker. Default is the process's monotonic clock. */
  clock?: Clock;
  /** Longest wait (in milliseconds) for one shared-store decision; longer counts as a failure. Default is 50. */
  timeoutMs?: number;
  /** Consecutive failures that open the breaker. Default is 3. */
  failureThreshold?: number;
  /** Duration (in milliseconds) the breaker stays open before one probe. Default is 5000 (5 seconds). */
  coolDownMs?: number;
  /** Called on every change of `state`. */
  onStateChange?: (health: RateLimitStoreHealth) => void;
}

/** Defaults of {@link ResilientRateLimitStoreOptions}. */
export const RESILIENT_RATE_LIMIT_STORE_DEFAULTS = Object.freeze({
  timeoutMs: 50,
  failureThreshold: 3,
  coolDownMs: 5000,
});

/** The shared store did not answer within `timeoutMs`. */
export class RateLimitStoreTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`rate-limit store did not answer within ${timeoutMs} ms`);
    this.name = 'RateLimitStoreTimeoutError';
  }
}

/**
 * The shared store (Redis) with defined behaviour when it fails. Each call gets `timeoutMs`; after
 * `failureThreshold` failures in a row a breaker stops calling it for `coolDownMs` (by the injected clock), then
 * lets one probe through; success closes the breaker. While the shared store is failing or bypassed, each request
 * follows its policies' `onStoreFailure`: all `fail-open` → decided by the `fallback` store (process-local,
 * `degraded: true`); any `fail-closed` → `RateLimitUnavailableError` (503). Never hangs, never leaves a rejection
 * unhandled.
 *
 * A timed-out call may still have spent its cost in Redis; the local decision then counts it once more (a
 * lenient, bounded error during an outage).
 * @example
 * const store = new ResilientRateLimitStore(new RedisRateLimitStore(redis), new MemoryRateLimitStore());
 * readiness.register('rate-limit', () => store.health().state !== 'open');
 * @throws from `decide`: RateLimitUnavailableError (BFF_ERR_RATE_LIMIT_UNAVAILABLE, 503) as above; TypeError for
 *   malformed requests.
 */
export class ResilientRateLimitStore implements RateLimitStore {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly onStateChange?: (health: RateLimitStoreHealth) => void;
  private failures = 0;
  private openUntil = 0;
  private open = false;
  private probing = false;
  private lastError?: string;
  private lastState: RateLimitStoreState = 'healthy';

  constructor(
    private readonly primary: RateLimitStore,
    private readonly fallback: RateLimitStore,
    options: ResilientRateLimitStoreOptions = {},
  ) {
    if (typeof primary?.decide !== 'function' || typeof fallback?.decide !== 'function') {
      throw new TypeError('ResilientRateLimitStore: primary and fallback must be RateLimitStores');
    }
    const defaults = RESILIENT_RATE_LIMIT_STORE_DEFAULTS;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = positiveInteger(options.timeoutMs, defaults.timeoutMs, 'timeoutMs');
    this.failureThreshold = positiveInteger(
      options.failureThreshold,
      defaults.failureThreshold,
      'failureThreshold',
    );
    this.coolDownMs = positiveInteger(options.coolDownMs, defaults.coolDownMs, 'coolDownMs');
    this.onStateChange = options.onStateChange;
  }

  /** The breaker's state now. */
  get state(): RateLimitStoreState {
    if (this.open) return this.probing || this.clock.now() >= this.openUntil ? 'degraded' : 'open';
    return this.failures > 0 ? 'degraded' : 'healthy';
  }

  /** A snapshot for readiness checks and the status page. */
  health(): RateLimitStoreHealth {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      retryInMs: state === 'open' ? Math.max(0, Math.ceil(this.openUntil - this.clock.now())) : 0,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  async decide(requests: readonly RateLimitRequest[]): Promise<RateLimitDecision> {
    assertRateLimitRequests(requests);
    if (!this.open) return this.callPrimary(requests, false);
    if (!this.probing && this.clock.now() >= this.openUntil) return this.callPrimary(requests, true);
    return this.degrade(requests, undefined);
  }

  /**
   * Each policy's state from the shared store; from the fallback (`degraded: true`) while the breaker is open or
   * when the shared store fails or is slow. A read never moves the breaker: only decisions do.
   */
  async peek(requests: readonly RateLimitPeekRequest[]): Promise<RateLimitDecision> {
    if (!this.open) {
      try {
        return await withTimeout(this.primary.peek(requests), this.timeoutMs);
      } catch (err) {
        if (err instanceof TypeError) throw err;
      }
    }
    return { ...(await this.fallback.peek(requests)), degraded: true };
  }

  private async callPrimary(
    requests: readonly RateLimitRequest[],
    probe: boolean,
  ): Promise<RateLimitDecision> {
    if (probe) this.probing = true;
    let decision: RateLimitDecision;
    try {
      decision = await withTimeout(this.primary.decide(requests), this.timeoutMs);
    } catch (err) {
      this.recordFailure(err, probe);
      return this.degrade(requests, err);
    }
    this.recordSuccess();
    return decision;
  }

  private recordSuccess(): void {
    this.failures = 0;
    this.open = false;
    this.probing = false;
    this.lastError = undefined;
    this.emit();
  }

  private recordFailure(err: unknown, probe: boolean): void {
    this.failures++;
    this.lastError = err instanceof Error ? err.message : String(err);
    if (probe) this.probing = false;
    if (probe || this.failures >= this.failureThreshold) {
      this.open = true;
      this.openUntil = this.clock.now() + this.coolDownMs;
    }
    this.emit();
  }

  private async degrade(requests: readonly RateLimitRequest[], cause: unknown): Promise<RateLimitDecision> {
    if (requests.some((request) => request.policy.onStoreFailure === 'fail-closed')) {
      const retryAfterMs = this.open ? Math.max(1000, this.openUntil - this.clock.now()) : 1000;
      throw new RateLimitUnavailableError({ retryAfterMs, cause });
    }
    const decision = await this.fallback.decide(requests);
    return { ...decision, degraded: true };
  }

  private emit(): void {
    const state = this.state;
    if (state === this.lastState) return;
    this.lastState = state;
    this.onStateChange?.(this.health());
  }
}

/**
 * Settles with `promise`, or rejects with a timeout after `ms`; a late rejection of `promise` stays handled.
 * When the timer fires, the answer may already sit in the socket, unread because the event loop was busy (timers
 * run before I/O callbacks): the timeout waits for one pass of I/O (`setImmediate`) before it counts, so a busy
 * process does not mistake its own lag for a slow Redis.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>(function race(resolve, reject) {
    let settled = false;
    const timer = setTimeout(function onStoreTimeout() {
      setImmediate(function afterPendingIo() {
        if (settled) return;
        settled = true;
        reject(new RateLimitStoreTimeoutError(ms));
      });
    }, ms);
    timer.unref?.();
    promise.then(
      function onDecided(value) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      function onFailed(err: unknown) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`ResilientRateLimitStore: ${name} must be a positive integer`);
  }
  return value;
}
