import { env, readEnv, type Env, type EnvReader } from '@bff/core';
import type { UpstreamOptions } from './downstream.options';
import { definedOnly as defined } from './resilience.options';

/** The resilience options of one upstream read from the environment (only what is set). */
export type UpstreamResilienceEnv = Pick<UpstreamOptions, 'breaker' | 'bulkhead' | 'retry'>;

const percent = (n: number | undefined) => (n === undefined ? undefined : n / 100);

/** An optional integer variable: undefined when unset, validated when set. */
function optionalInt(min: number, max = Number.MAX_SAFE_INTEGER): EnvReader<number | undefined> {
  const read = env.int(0, { min, max });
  return (name, raw, problems) => (raw === undefined ? undefined : read(name, raw, problems));
}

/**
 * Each variable of one upstream (`<prefix>` is `UPSTREAM_<NAME>_`), its unit and what it sets; unset means the
 * option's default (see the downstream README, "Resilience").
 */
const VARIABLES = {
  BREAKER: env.bool(true), // on/off
  BREAKER_FAILURE_PERCENT: optionalInt(1, 100), // breaker.failureRate, percent
  BREAKER_SLOW_CALL_PERCENT: optionalInt(1, 100), // breaker.slowCallRate, percent
  BREAKER_SLOW_CALL_MS: optionalInt(1), // breaker.slowCallMs
  BREAKER_MIN_CALLS: optionalInt(1), // breaker.minimumCalls
  BREAKER_WINDOW_MS: optionalInt(10), // breaker.windowMs
  BREAKER_OPEN_MS: optionalInt(1), // breaker.openMs
  BREAKER_MAX_OPEN_MS: optionalInt(1), // breaker.maxOpenMs
  BREAKER_PROBES: optionalInt(1, 1000), // breaker.halfOpenProbes
  BULKHEAD: env.bool(true),
  BULKHEAD_MAX: optionalInt(1), // bulkhead.maxConcurrent, attempts
  BULKHEAD_QUEUE: optionalInt(0), // bulkhead.maxQueue, attempts
  RETRY: env.bool(true),
  RETRY_MAX: optionalInt(0, 10), // retry.retries, per call
  RETRY_BASE_DELAY_MS: optionalInt(1), // retry.baseDelayMs
  RETRY_MAX_DELAY_MS: optionalInt(1), // retry.maxDelayMs
  RETRY_BUDGET_PERCENT: optionalInt(0, 100), // retry.budgetRatio, percent of recent calls
  RETRY_MIN_PER_SEC: optionalInt(0), // retry.minRetriesPerSec
} as const;

/** Names of the resilience variables of an upstream, e.g. `UPSTREAM_CATALOG_BREAKER_OPEN_MS`. */
export function resilienceVariables(prefix: string): string[] {
  return Object.keys(VARIABLES).map((key) => prefix + key);
}

/**
 * Reads `<prefix>BREAKER*`, `<prefix>BULKHEAD*` and `<prefix>RETRY*` of one upstream into its options; every
 * policy is on unless its switch says `off`.
 * @throws ConfigError (BFF_ERR_CONFIG) naming each malformed variable
 */
export function readResilienceEnv(source: Env, prefix: string): UpstreamResilienceEnv {
  const spec = Object.fromEntries(Object.entries(VARIABLES).map(([key, read]) => [prefix + key, read]));
  const raw = readEnv(source, spec) as Record<string, number | boolean | undefined>;
  const v = (key: keyof typeof VARIABLES) => raw[prefix + key] as number | undefined;
  const out: UpstreamResilienceEnv = {};
  out.breaker = raw[`${prefix}BREAKER`]
    ? defined({
        failureRate: percent(v('BREAKER_FAILURE_PERCENT')),
        slowCallRate: percent(v('BREAKER_SLOW_CALL_PERCENT')),
        slowCallMs: v('BREAKER_SLOW_CALL_MS'),
        minimumCalls: v('BREAKER_MIN_CALLS'),
        windowMs: v('BREAKER_WINDOW_MS'),
        openMs: v('BREAKER_OPEN_MS'),
        maxOpenMs: v('BREAKER_MAX_OPEN_MS'),
        halfOpenProbes: v('BREAKER_PROBES'),
      })
    : false;
  out.bulkhead = raw[`${prefix}BULKHEAD`]
    ? defined({ maxConcurrent: v('BULKHEAD_MAX'), maxQueue: v('BULKHEAD_QUEUE') })
    : false;
  out.retry = raw[`${prefix}RETRY`]
    ? defined({
        retries: v('RETRY_MAX'),
        baseDelayMs: v('RETRY_BASE_DELAY_MS'),
        maxDelayMs: v('RETRY_MAX_DELAY_MS'),
        budgetRatio: percent(v('RETRY_BUDGET_PERCENT')),
        minRetriesPerSec: v('RETRY_MIN_PER_SEC'),
      })
    : false;
  return out;
}
