import { ConfigError, env, readEnv, readSlices, type Env } from '@bff/core';
import {
  defineRateLimitPolicies,
  type RateLimitPolicy,
  type RateLimitStoreFailureMode,
  type ResolvedRateLimitPolicy,
} from './rate-limit.policy';
import type { TierPolicies } from './rate-limit.resolve';

/** The per-IP shield's budget for failed and anonymous attempts (see `IpShield`). */
export interface ShieldConfig {
  /** Attempts per minute one address may fail (or make anonymously) before it is refused. */
  perMinute: number;
  /** Attempts an address may fail at once. */
  burst: number;
}

/** The rate-limit slice of a BFF's environment. */
export interface RateLimitEnvConfig {
  /** `RATE_LIMIT_ENABLED`: false turns off the limiter and the shield. Default is true. */
  enabled: boolean;
  /**
   * Every caller's policies: `minute` (GCRA, `RATE_LIMIT_PER_MIN` per minute, `RATE_LIMIT_BURST` at once) and,
   * when `RATE_LIMIT_DAILY_QUOTA` > 0, `daily` (sliding window, per day); each fails as `RATE_LIMIT_FAIL_MODE`.
   */
  defaults: readonly ResolvedRateLimitPolicy[];
  /** Per-tier policies from the app (`Principal.tier`), replacing the defaults of the same name. */
  tiers: TierPolicies;
  /** `RATE_LIMIT_FAIL_MODE`: what every policy does while Redis is unavailable. Default is `fail-open`. */
  failMode: RateLimitStoreFailureMode;
  /** `RATE_LIMIT_LEGACY_HEADERS`: also send `X-RateLimit-*`. Default is false. */
  legacyHeaders: boolean;
  /** `RATE_LIMIT_STORE_TIMEOUT_MS`: longest wait for one Redis decision. Default is 50. */
  storeTimeoutMs: number;
  /** `RATE_LIMIT_STORE_COOLDOWN_MS`: how long a failing Redis is bypassed before one probe. Default is 5000. */
  storeCoolDownMs: number;
  /** `RATE_LIMIT_SHIELD_PER_MIN` / `RATE_LIMIT_SHIELD_BURST`; false when `RATE_LIMIT_SHIELD_PER_MIN` is 0. */
  shield: ShieldConfig | false;
}

/** What differs between BFFs when reading {@link RateLimitEnvConfig}. */
export interface RateLimitEnvSpec {
  /** Default `RATE_LIMIT_PER_MIN`. Default is 300. */
  perMinute?: number;
  /** Default `RATE_LIMIT_BURST`. Default is 50. */
  burst?: number;
  /** Default `RATE_LIMIT_DAILY_QUOTA` (0 = no daily policy). Default is 0. */
  dailyQuota?: number;
  /**
   * Policies per principal tier (e.g. a partner's `gold`), replacing the defaults of the same name and adding
   * the others. `onStoreFailure` defaults to `RATE_LIMIT_FAIL_MODE`. Default is none.
   */
  tiers?: Readonly<Record<string, readonly RateLimitPolicy[]>>;
}

const MAX_UNITS = 1_000_000_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Reads and validates `RATE_LIMIT_ENABLED`, `RATE_LIMIT_PER_MIN`, `RATE_LIMIT_BURST`, `RATE_LIMIT_DAILY_QUOTA`,
 * `RATE_LIMIT_FAIL_MODE` (`open` | `closed`), `RATE_LIMIT_LEGACY_HEADERS`, `RATE_LIMIT_STORE_TIMEOUT_MS`,
 * `RATE_LIMIT_STORE_COOLDOWN_MS`,
 * `RATE_LIMIT_SHIELD_PER_MIN` and `RATE_LIMIT_SHIELD_BURST`, plus the app's tier policies, all problems at once.
 * The client address of anonymous callers honours `X-Forwarded-For` only with core's `TRUST_PROXY`.
 * @example const rateLimit = readRateLimitEnv(process.env, { perMinute: 300, burst: 50 });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable or tier policy
 */
export function readRateLimitEnv(source: Env, spec: RateLimitEnvSpec = {}): RateLimitEnvConfig {
  const { raw, tiers } = readSlices({
    raw: () =>
      readEnv(source, {
        RATE_LIMIT_ENABLED: env.bool(true),
        RATE_LIMIT_PER_MIN: env.int(spec.perMinute ?? 300, { min: 1, max: MAX_UNITS }),
        RATE_LIMIT_BURST: env.int(spec.burst ?? 50, { min: 1, max: MAX_UNITS }),
        RATE_LIMIT_DAILY_QUOTA: env.int(spec.dailyQuota ?? 0, { min: 0, max: MAX_UNITS }),
        RATE_LIMIT_FAIL_MODE: env.oneOf(['open', 'closed'] as const, 'open'),
        RATE_LIMIT_LEGACY_HEADERS: env.bool(false),
        RATE_LIMIT_STORE_TIMEOUT_MS: env.int(50, { min: 1, max: 5_000 }),
        RATE_LIMIT_STORE_COOLDOWN_MS: env.int(5_000, { min: 1, max: 600_000 }),
        RATE_LIMIT_SHIELD_PER_MIN: env.int(600, { min: 0, max: MAX_UNITS }),
        RATE_LIMIT_SHIELD_BURST: env.int(100, { min: 1, max: MAX_UNITS }),
      }),
    // the fail mode as given, so tier problems are reported together with the variables'
    tiers: () => resolveTiers(spec.tiers ?? {}, failModeOf(source.RATE_LIMIT_FAIL_MODE)),
  });
  const failMode = failModeOf(raw.RATE_LIMIT_FAIL_MODE);
  const defaults: RateLimitPolicy[] = [
    {
      name: 'minute',
      algorithm: 'gcra',
      limit: raw.RATE_LIMIT_PER_MIN,
      windowMs: MINUTE_MS,
      burst: raw.RATE_LIMIT_BURST,
      onStoreFailure: failMode,
    },
  ];
  if (raw.RATE_LIMIT_DAILY_QUOTA > 0) {
    defaults.push({
      name: 'daily',
      algorithm: 'sliding-window',
      limit: raw.RATE_LIMIT_DAILY_QUOTA,
      windowMs: DAY_MS,
      onStoreFailure: failMode,
    });
  }
  return {
    enabled: raw.RATE_LIMIT_ENABLED,
    defaults: defineRateLimitPolicies(defaults, 'RATE_LIMIT_PER_MIN / RATE_LIMIT_BURST'),
    tiers,
    failMode,
    legacyHeaders: raw.RATE_LIMIT_LEGACY_HEADERS,
    storeTimeoutMs: raw.RATE_LIMIT_STORE_TIMEOUT_MS,
    storeCoolDownMs: raw.RATE_LIMIT_STORE_COOLDOWN_MS,
    shield:
      raw.RATE_LIMIT_SHIELD_PER_MIN === 0
        ? false
        : { perMinute: raw.RATE_LIMIT_SHIELD_PER_MIN, burst: raw.RATE_LIMIT_SHIELD_BURST },
  };
}

function failModeOf(value: string | undefined): RateLimitStoreFailureMode {
  return value === 'closed' ? 'fail-closed' : 'fail-open';
}

function resolveTiers(
  tiers: Readonly<Record<string, readonly RateLimitPolicy[]>>,
  failMode: RateLimitStoreFailureMode,
): TierPolicies {
  const problems: string[] = [];
  const out: Record<string, readonly ResolvedRateLimitPolicy[]> = {};
  for (const [tier, policies] of Object.entries(tiers)) {
    try {
      out[tier] = defineRateLimitPolicies(
        policies.map((policy) => ({ onStoreFailure: failMode, ...policy })),
        `rateLimit.tiers.${tier}`,
      );
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out);
}
