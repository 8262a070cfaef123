import { systemClock, type Clock } from '@bff/core';

/**
 * Passive outlier ejection among an upstream's instances, as Envoy's `outlier_detection`: an instance whose
 * answers fail `consecutiveFailures` times in a row (5xx, resets, refused connections, timeouts) is left out for
 * a growing interval, and never more than `maxEjectedPercent` of the instances at once.
 */
export interface OutlierEjectionOptions {
  /** Failures in a row that eject an instance. Default is 5. */
  consecutiveFailures?: number;
  /** First ejection (in milliseconds); each further one doubles it, up to `maxEjectionMs`. Default is 30000 (30 s). */
  baseEjectionMs?: number;
  /** Longest ejection (in milliseconds). Default is 300000 (5 minutes). */
  maxEjectionMs?: number;
  /** Largest share of the instances (in percent, 0..100) ejected at once. Default is 50. */
  maxEjectedPercent?: number;
}

/** One instance as the operator sees it. */
export interface InstanceState {
  /** Index in the configured list of instances. */
  index: number;
  ejected: boolean;
  /** When the current ejection began (clock milliseconds), while ejected. */
  ejectedSince?: number;
  /** When the current ejection ends (clock milliseconds), while ejected. */
  ejectedUntil?: number;
  /** Ejections so far that have not yet been forgiven. */
  ejections: number;
  /** Ejections since start (never forgiven: what metrics count). */
  ejectionsTotal: number;
  consecutiveFailures: number;
}

/** Defaults of {@link OutlierEjectionOptions}. */
export const OUTLIER_EJECTION_DEFAULTS: Required<OutlierEjectionOptions> = {
  consecutiveFailures: 5,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
  maxEjectedPercent: 50,
};

/**
 * Validates outlier ejection options and applies the defaults; returns the problems found (empty when valid).
 * @example validateOutlierEjection({ consecutiveFailures: 0 }) // ['consecutiveFailures: must be a positive integer']
 */
export function validateOutlierEjection(options: OutlierEjectionOptions | undefined): string[] {
  const problems: string[] = [];
  const resolved = { ...OUTLIER_EJECTION_DEFAULTS, ...options };
  for (const key of ['consecutiveFailures', 'baseEjectionMs', 'maxEjectionMs'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] <= 0)
      problems.push(`${key}: must be a positive integer`);
  }
  const pct = resolved.maxEjectedPercent;
  if (typeof pct !== 'number' || !(pct >= 0 && pct <= 100))
    problems.push('maxEjectedPercent: must be a number in 0..100');
  return problems;
}

/**
 * The ejection state of N instances, on the framework clock (an ejection ends by itself when its time has
 * passed: nothing is scheduled). `pick()` rounds robin over the instances in service; `record(i, failed)`
 * feeds each answer's result.
 * @example
 * const outliers = new OutlierDetector(2, { consecutiveFailures: 3 }, clock);
 * const i = outliers.pick(); ...; outliers.record(i, status >= 500);
 */
export class OutlierDetector {
  private readonly options: Required<OutlierEjectionOptions>;
  private readonly failures: number[];
  private readonly ejections: number[];
  private readonly until: number[];
  private readonly since: number[];
  private readonly total: number[];
  private readonly maxEjected: number;
  private turn = 0;

  constructor(
    readonly size: number,
    options: OutlierEjectionOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.options = { ...OUTLIER_EJECTION_DEFAULTS, ...options };
    this.failures = new Array<number>(size).fill(0);
    this.ejections = new Array<number>(size).fill(0);
    this.until = new Array<number>(size).fill(-Infinity);
    this.since = new Array<number>(size).fill(-Infinity);
    this.total = new Array<number>(size).fill(0);
    this.maxEjected = Math.floor((size * this.options.maxEjectedPercent) / 100);
  }

  /** The instance the next request goes to: the next one in service, round robin. */
  pick(): number {
    const now = this.clock.now();
    for (let tried = 0; tried < this.size; tried++) {
      const i = this.turn;
      this.turn = (this.turn + 1) % this.size;
      if (this.until[i] <= now) return i;
    }
    return this.turn; // unreachable while at most maxEjected < size are out
  }

  /** Whether instance `i` is in service now (not ejected). */
  inService(i: number): boolean {
    return this.until[i] <= this.clock.now();
  }

  /** Records the result of one request to instance `i`. */
  record(i: number, failed: boolean): void {
    const now = this.clock.now();
    if (!failed) {
      this.failures[i] = 0;
      // Forgiven once it has served well for as long as its last ejection lasted.
      if (this.ejections[i] > 0 && now >= this.until[i] + this.interval(this.ejections[i]))
        this.ejections[i] = 0;
      return;
    }
    if (++this.failures[i] < this.options.consecutiveFailures || this.until[i] > now) return;
    if (this.ejectedCount(now) >= this.maxEjected) return;
    this.failures[i] = 0;
    this.ejections[i]++;
    this.total[i]++;
    this.since[i] = now;
    this.until[i] = now + this.interval(this.ejections[i]);
  }

  /** Every instance's state, for readiness and the status page. */
  state(): InstanceState[] {
    const now = this.clock.now();
    return this.until.map((until, index) => ({
      index,
      ejected: until > now,
      ...(until > now ? { ejectedSince: this.since[index], ejectedUntil: until } : {}),
      ejections: this.ejections[index],
      ejectionsTotal: this.total[index],
      consecutiveFailures: this.failures[index],
    }));
  }

  private interval(ejections: number): number {
    const { baseEjectionMs, maxEjectionMs } = this.options;
    return Math.min(maxEjectionMs, baseEjectionMs * 2 ** (ejections - 1));
  }

  private ejectedCount(now: number): number {
    let n = 0;
    for (const until of this.until) if (until > now) n++;
    return n;
  }
}
