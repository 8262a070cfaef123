/** What one policy decides for one request: pure data, the same from the TypeScript cores and the Lua script. */
export interface AlgorithmResult<S> {
  /** True when this policy alone would admit the request. */
  allowed: boolean;
  /** Whole units still available after this decision (after spending `cost` when allowed). Never negative. */
  remaining: number;
  /** Milliseconds (whole, rounded up) until every unit of this policy is available again. */
  resetAfterMs: number;
  /**
   * Milliseconds (whole, rounded up, at least 1) until a request of this cost could pass; 0 when allowed;
   * `Infinity` when the cost exceeds what the policy can ever allow (its burst or limit).
   */
  retryAfterMs: number;
  /** The state to store when the request is admitted (the unchanged state otherwise). */
  newState: S;
  /** How long `newState` matters, in whole milliseconds; after that it is equivalent to no state at all. */
  ttlMs: number;
}

/** GCRA's whole state: the theoretical arrival time (ms) of the next unit. */
export interface GcraState {
  tat: number;
}

/** The sliding-window counter's state: the current aligned window and the counts of it and its predecessor. */
export interface SlidingWindowState {
  /** Start (ms) of the current window, a multiple of the window length. */
  windowStart: number;
  /** Units counted in the current window. */
  current: number;
  /** Units counted in the window before it. */
  previous: number;
}

/**
 * Tolerance (ms) for floating-point noise when comparing times. Epoch milliseconds (Redis `TIME`) are ~1.7e12,
 * where one double step is ~2.4e-4 ms and a few additions drift by several steps; 10 µs covers that and is far
 * below anything a limit could notice.
 */
export const TIME_EPSILON_MS = 0.01;
/** Tolerance for floating-point noise when flooring a unit count. */
export const UNIT_EPSILON = 1e-9;
