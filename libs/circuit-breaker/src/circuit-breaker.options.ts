import { ConfigError } from '@bff/core';

/** A breaker's state. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** What one admitted call came to, for the breaker: data decided by the caller (`classify` in downstream). */
export type CallResult =
  /** An answer (2xx, and an upstream 4xx: an answer, not a failure). */
  | 'success'
  /** The upstream failed (5xx, connection error). */
  | 'failure'
  /**
   * The upstream did not answer within the time the caller allowed it (a hung upstream): a failure, and one more
   * in a row toward {@link CircuitBreakerOptions.consecutiveTimeouts}.
   */
  | 'timeout'
  /** Says nothing about the upstream (caller cancelled, deadline cut by the client, a bug in the BFF). */
  | 'ignored';

/** A state change, emitted once when it happens. */
export interface CircuitStateChange {
  /** The breaker's name, e.g. `catalog` or `catalog:stock`. */
  name: string;
  from: CircuitState;
  to: CircuitState;
  /** Clock reading (monotonic ms) of the change. */
  at: number;
  /**
   * Why: `failure_rate`, `slow_call_rate`, `consecutive_timeouts`, `open_wait_over`, `probe_failed`,
   * `probes_succeeded`.
   */
  reason: string;
  /** When `to` is `open`: how long (in ms) it stays open before admitting probes. */
  openMs?: number;
}

/**
 * Thresholds and timings of a {@link CircuitBreaker}. Defaults follow resilience4j (50% over at least 20 calls)
 * with a 10 s time-based window, a 5 s open wait that doubles on repeated opens up to 60 s, and 3 probes.
 * @example const options: CircuitBreakerOptions = { failureRate: 0.5, minimumCalls: 20, openMs: 5000 };
 */
export interface CircuitBreakerOptions {
  /** Share (0 < x <= 1) of failed calls over the window that opens the breaker. Default is 0.5 (50%). */
  failureRate?: number;
  /** Share (0 < x <= 1) of slow calls over the window that opens the breaker. Default is 1 (100%). */
  slowCallRate?: number;
  /** A call that takes at least this long (in milliseconds) is slow. Default is 5000 (5 seconds). */
  slowCallMs?: number;
  /** Fewest calls in the window before the rates are judged at all. Default is 20. */
  minimumCalls?: number;
  /**
   * Timeouts in a row (no answer, success or failure, in between) that open the breaker whatever the rates; 0 is
   * off. A hung upstream fails one call per caller's budget, so after a healthy stretch its failure rate over the
   * window would take most of the window to reach `failureRate`; five timeouts in a row say the same within a
   * few budgets. Errors (5xx, refused connections) never count toward it, so a steady error rate cannot trip it.
   * Default is 5.
   */
  consecutiveTimeouts?: number;
  /** Length (in milliseconds) of the rolling window. Default is 10000 (10 seconds). */
  windowMs?: number;
  /** Number of time buckets in the window. Default is 10 (one per second with the default window). */
  windowBuckets?: number;
  /** Time (in milliseconds) the breaker stays open the first time before admitting probes. Default is 5000. */
  openMs?: number;
  /** Longest open wait (in milliseconds) after repeated opens (each doubles the previous). Default is 60000. */
  maxOpenMs?: number;
  /** Random spread (0 <= x < 1) of each open wait, as a share of it: 0.2 is ±20%. Default is 0.2. */
  openJitter?: number;
  /** Probe calls admitted in half-open; all must succeed to close, one failure reopens. Default is 3. */
  halfOpenProbes?: number;
  /** Source of randomness of the jitter, in [0, 1). Default is `Math.random` (tests pass a fixed one). */
  random?: () => number;
}

/** Resolved options of a breaker. */
export type ResolvedCircuitBreakerOptions = Required<CircuitBreakerOptions>;

/** Defaults of {@link CircuitBreakerOptions}. */
export const CIRCUIT_BREAKER_DEFAULTS: Readonly<Omit<ResolvedCircuitBreakerOptions, 'random'>> = {
  failureRate: 0.5,
  slowCallRate: 1,
  slowCallMs: 5000,
  minimumCalls: 20,
  consecutiveTimeouts: 5,
  windowMs: 10_000,
  windowBuckets: 10,
  openMs: 5000,
  maxOpenMs: 60_000,
  openJitter: 0.2,
  halfOpenProbes: 3,
};

const RATES = ['failureRate', 'slowCallRate'] as const;
const INTEGERS = [
  'slowCallMs',
  'minimumCalls',
  'windowMs',
  'windowBuckets',
  'openMs',
  'maxOpenMs',
  'halfOpenProbes',
] as const;

/**
 * Applies defaults and validates, naming every bad field as `<at>.<field>: ...`.
 * @example resolveCircuitBreakerOptions({ minimumCalls: 5 }, 'upstreams.catalog.breaker')
 * @throws ConfigError (BFF_ERR_CONFIG) listing each invalid field
 */
export function resolveCircuitBreakerOptions(
  options: CircuitBreakerOptions = {},
  at = 'breaker',
): ResolvedCircuitBreakerOptions {
  const resolved = { ...CIRCUIT_BREAKER_DEFAULTS, random: Math.random, ...stripUndefined(options) };
  const problems: string[] = [];
  for (const key of RATES) {
    const v = resolved[key];
    if (typeof v !== 'number' || !(v > 0 && v <= 1))
      problems.push(`${at}.${key}: must be in (0, 1], got ${v}`);
  }
  for (const key of INTEGERS) {
    const v = resolved[key];
    if (!Number.isSafeInteger(v) || v < 1)
      problems.push(`${at}.${key}: must be a positive integer, got ${v}`);
  }
  if (!Number.isSafeInteger(resolved.consecutiveTimeouts) || resolved.consecutiveTimeouts < 0)
    problems.push(
      `${at}.consecutiveTimeouts: must be a non-negative integer (0 = off), got ${resolved.consecutiveTimeouts}`,
    );
  if (!(resolved.openJitter >= 0 && resolved.openJitter < 1))
    problems.push(`${at}.openJitter: must be in [0, 1), got ${resolved.openJitter}`);
  if (resolved.maxOpenMs < resolved.openMs) problems.push(`${at}.maxOpenMs: must be at least openMs`);
  if (resolved.windowMs < resolved.windowBuckets)
    problems.push(`${at}.windowMs: must be at least one millisecond per bucket`);
  if (typeof resolved.random !== 'function') problems.push(`${at}.random: must be a function`);
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
