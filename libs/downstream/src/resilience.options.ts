import {
  resolveCircuitBreakerOptions,
  type CircuitBreakerOptions,
  type ResolvedCircuitBreakerOptions,
} from '@bff/circuit-breaker';
import { ConfigError } from '@bff/core';

/**
 * The upstream's circuit breaker (see `@bff/circuit-breaker` for the thresholds and their defaults), one per
 * upstream, plus one for each operation named in `operations`.
 * @example breaker: { minimumCalls: 10, openMs: 2000, operations: ['stock'] }
 */
export interface BreakerPolicyOptions extends CircuitBreakerOptions {
  /**
   * Operations (a call's `operation` option) with a breaker of their own, e.g. `['stock']`; calls naming another
   * operation, or none, share the upstream's. Default is none.
   */
  operations?: readonly string[];
}

/**
 * The upstream's bulkhead: attempts in flight at once, and a small queue for the next ones; beyond both a call
 * is refused at once (`BFF_ERR_DOWNSTREAM_OVERLOADED`).
 * @example bulkhead: { maxConcurrent: 16, maxQueue: 8 }
 */
export interface BulkheadOptions {
  /** Attempts in flight at once. Default is 64 (the default `connections`). */
  maxConcurrent?: number;
  /** Attempts waiting for a slot (0 = none wait). Default is 32. */
  maxQueue?: number;
  /** Operations (a call's `operation` option) with a bulkhead of their own. Default is none. */
  operations?: readonly string[];
}

/**
 * Retries of idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS, or any call with an `Idempotency-Key` header) after
 * a connection failure, a reset or a 502/503/504, with exponential backoff and full jitter, never past the call's
 * remaining budget, honouring the upstream's `Retry-After`, and within a retry budget per upstream (Finagle's /
 * Envoy's): over the last `budgetWindowMs`, retries stay under `budgetRatio` of the calls plus
 * `minRetriesPerSec` per second of the window.
 * @example retry: { retries: 1, budgetRatio: 0.1 }
 */
export interface RetryOptions {
  /** Retries per call after the first attempt. Default is 2. */
  retries?: number;
  /** First backoff ceiling (in milliseconds); the n-th retry waits a random time in [0, base * 2^n). Default is 25. */
  baseDelayMs?: number;
  /** Largest backoff ceiling (in milliseconds). Default is 1000 (1 second). */
  maxDelayMs?: number;
  /** Share (0..1) of the recent calls that may be retries. Default is 0.2 (20%). */
  budgetRatio?: number;
  /** Retries always allowed, per second of the budget window, however few calls there were. Default is 1. */
  minRetriesPerSec?: number;
  /** The budget's window (in milliseconds). Default is 10000 (10 seconds). */
  budgetWindowMs?: number;
  /** Least budget (in milliseconds) a retry must still have after its backoff. Default is 10. */
  minAttemptMs?: number;
  /** Source of randomness of the jitter, in [0, 1). Default is `Math.random`. */
  random?: () => number;
}

/** The resilience policies of one upstream, resolved; `false` means off. */
export interface ResolvedResilience {
  breaker: false | (ResolvedCircuitBreakerOptions & { operations: readonly string[] });
  bulkhead: false | Required<BulkheadOptions>;
  retry: false | Required<RetryOptions>;
}

/** Defaults of {@link BulkheadOptions}. */
export const BULKHEAD_DEFAULTS = { maxConcurrent: 64, maxQueue: 256 } as const;

/** Defaults of {@link RetryOptions}. */
export const RETRY_DEFAULTS = {
  retries: 2,
  baseDelayMs: 25,
  maxDelayMs: 1000,
  budgetRatio: 0.2,
  minRetriesPerSec: 1,
  budgetWindowMs: 10_000,
  minAttemptMs: 10,
} as const;

const OPERATION = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Applies defaults and validates the `breaker`, `bulkhead` and `retry` options of one upstream; every problem is
 * pushed to `problems` as `upstreams.<name>.<field>: ...`.
 */
export function resolveResilience(
  name: string,
  options: {
    breaker?: false | BreakerPolicyOptions;
    bulkhead?: false | BulkheadOptions;
    retry?: false | RetryOptions;
  },
  problems: string[],
): ResolvedResilience {
  const at = `upstreams.${name}`;
  return {
    breaker:
      options.breaker === false ? false : resolveBreaker(options.breaker ?? {}, `${at}.breaker`, problems),
    bulkhead:
      options.bulkhead === false
        ? false
        : resolveBulkhead(options.bulkhead ?? {}, `${at}.bulkhead`, problems),
    retry: options.retry === false ? false : resolveRetry(options.retry ?? {}, `${at}.retry`, problems),
  };
}

function resolveBreaker(options: BreakerPolicyOptions, at: string, problems: string[]) {
  const operations = resolveOperations(options.operations, at, problems);
  try {
    return { ...resolveCircuitBreakerOptions(options, at), operations };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return false;
  }
}

function resolveBulkhead(
  options: BulkheadOptions,
  at: string,
  problems: string[],
): Required<BulkheadOptions> {
  const resolved = {
    maxConcurrent: options.maxConcurrent ?? BULKHEAD_DEFAULTS.maxConcurrent,
    maxQueue: options.maxQueue ?? BULKHEAD_DEFAULTS.maxQueue,
    operations: resolveOperations(options.operations, at, problems),
  };
  integer(resolved.maxConcurrent, 1, `${at}.maxConcurrent`, problems);
  integer(resolved.maxQueue, 0, `${at}.maxQueue`, problems);
  return resolved;
}

function resolveRetry(options: RetryOptions, at: string, problems: string[]): Required<RetryOptions> {
  const resolved = { ...RETRY_DEFAULTS, random: Math.random, ...definedOnly(options) };
  integer(resolved.retries, 0, `${at}.retries`, problems);
  integer(resolved.baseDelayMs, 1, `${at}.baseDelayMs`, problems);
  integer(resolved.maxDelayMs, resolved.baseDelayMs, `${at}.maxDelayMs`, problems);
  integer(resolved.minRetriesPerSec, 0, `${at}.minRetriesPerSec`, problems);
  integer(resolved.budgetWindowMs, 1000, `${at}.budgetWindowMs`, problems);
  integer(resolved.minAttemptMs, 0, `${at}.minAttemptMs`, problems);
  if (typeof resolved.budgetRatio !== 'number' || !(resolved.budgetRatio >= 0 && resolved.budgetRatio <= 1))
    problems.push(`${at}.budgetRatio: must be between 0 and 1, got ${resolved.budgetRatio}`);
  if (typeof resolved.random !== 'function') problems.push(`${at}.random: must be a function`);
  return resolved;
}

function resolveOperations(operations: unknown, at: string, problems: string[]): readonly string[] {
  if (operations === undefined) return [];
  if (!Array.isArray(operations) || !operations.every((o) => typeof o === 'string' && OPERATION.test(o))) {
    problems.push(`${at}.operations: must be an array of names matching [A-Za-z0-9_.-]{1,64}`);
    return [];
  }
  return operations;
}

function integer(value: unknown, min: number, at: string, problems: string[]): void {
  if (!Number.isSafeInteger(value) || (value as number) < min)
    problems.push(`${at}: must be an integer of at least ${min}, got ${JSON.stringify(value)}`);
}

/** `o` without its undefined fields, so that spreading it over defaults keeps them. */
export function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
