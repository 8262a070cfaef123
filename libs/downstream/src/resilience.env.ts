import { env, type EnvReader } from '@bff/core';
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
  BREAKER_CONSECUTIVE_TIMEOUTS: optionalInt(0), // breaker.consecutiveTimeouts, 0 = off
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

/** The readers of one upstream's resilience variables, by name (`<prefix>BREAKER_OPEN_MS`, ...). */
export function resilienceEnvSpec(prefix: string): Record<string, EnvReader<unknown>> {
  return Object.fromEntries(Object.entries(VARIABLES).map(([key, read]) => [prefix + key, read]));
}

/**
 * One upstream's resilience options from its variables as `readEnv` parsed them (see {@link resilienceEnvSpec}):
 * a policy switched off is `false`, a policy with any variable set an object of those, and absent otherwise.
 */
export function resilienceFromEnv(raw: Record<string, unknown>, prefix: string): UpstreamResilienceEnv {
  const v = (key: keyof typeof VARIABLES) => raw[prefix + key] as number | undefined;
  const policy = <T extends object>(on: keyof typeof VARIABLES, options: T): T | false | undefined => {
    if (raw[prefix + on] === false) return false;
    const set = defined(options);
    return Object.keys(set).length > 0 ? set : undefined;
  };
  return defined({
    breaker: policy('BREAKER', {
      failureRate: percent(v('BREAKER_FAILURE_PERCENT')),
      slowCallRate: percent(v('BREAKER_SLOW_CALL_PERCENT')),
      slowCallMs: v('BREAKER_SLOW_CALL_MS'),
      minimumCalls: v('BREAKER_MIN_CALLS'),
      consecutiveTimeouts: v('BREAKER_CONSECUTIVE_TIMEOUTS'),
      windowMs: v('BREAKER_WINDOW_MS'),
      openMs: v('BREAKER_OPEN_MS'),
      maxOpenMs: v('BREAKER_MAX_OPEN_MS'),
      halfOpenProbes: v('BREAKER_PROBES'),
    }),
    bulkhead: policy('BULKHEAD', { maxConcurrent: v('BULKHEAD_MAX'), maxQueue: v('BULKHEAD_QUEUE') }),
    retry: policy('RETRY', {
      retries: v('RETRY_MAX'),
      baseDelayMs: v('RETRY_BASE_DELAY_MS'),
      maxDelayMs: v('RETRY_MAX_DELAY_MS'),
      budgetRatio: percent(v('RETRY_BUDGET_PERCENT')),
      minRetriesPerSec: v('RETRY_MIN_PER_SEC'),
    }),
  });
}
