import {
  CircuitBreakerRegistry,
  type CircuitBreaker,
  type CircuitBreakerSnapshot,
  type CircuitStateChange,
} from '@bff/circuit-breaker';
import { systemClock, type Clock } from '@bff/core';
import { BreakerPolicy } from './breaker.policy';
import { Bulkhead, type BulkheadSnapshot } from './bulkhead';
import { BulkheadPolicy } from './bulkhead.policy';
import type { CallPolicy } from './call-policy';
import { PerOperation } from './per-operation';
import type { ResolvedResilience } from './resilience.options';
import { createRetryBudget, type RetryBudget, type RetryBudgetState } from './hedging/retry-budget';
import { RetryPolicy } from './retry.policy';
import type { CoalesceStats } from './coalescing/coalesce.policy';
import type { HedgeStats } from './hedging/hedge.policy';
import type { InstanceProbeResult } from './instances/instance-probes';
import type { InstanceState } from './instances/outlier-ejection';

/** One instance of a multi-instance upstream as health and the status page show it (no URL: its index). */
export interface InstanceSnapshot {
  /** Index in the configured list (`UPSTREAM_<NAME>_URL`'s n-th URL). */
  index: number;
  ejected: boolean;
  /** Time (in milliseconds) since the current ejection began, while ejected. */
  ejectedForMs?: number;
  /** Time (in milliseconds) until the instance is back in service, while ejected. */
  returnsInMs?: number;
  /** Ejections not yet forgiven (each doubles the next interval). */
  ejections: number;
  /** Ejections since start. */
  ejectionsTotal: number;
  consecutiveFailures: number;
  /** The instance's last readiness probe (added by the readiness contribution). */
  probe?: InstanceProbeResult;
}

/** Readable state of an upstream's call policies beyond breakers, bulkheads and budget. */
export interface UpstreamActivitySources {
  /** The outlier-ejection state of each instance, when the upstream has several. */
  instances?: () => InstanceState[];
  /** The hedge policy's counters, when hedging is on. */
  hedge?: () => HedgeStats;
  /** The coalescing policy's counters, when coalescing is on. */
  coalesce?: () => CoalesceStats;
}

/** The resilience state of one upstream, for health, metrics and the status page. */
export interface UpstreamResilienceSnapshot {
  /** By breaker name: the upstream's (`catalog`) and its operations' (`catalog:stock`). */
  breakers: Record<string, CircuitBreakerSnapshot>;
  /** By bulkhead name, as breakers. */
  bulkheads: Record<string, BulkheadSnapshot>;
  /** The upstream's retry budget (retries and hedges take from it), when retries are on; `refused` by it. */
  retryBudget?: RetryBudgetState & { refused: number };
  /** Each instance, when the upstream has several (balanced, with outlier ejection). */
  instances?: InstanceSnapshot[];
  /** Hedges sent, won and denied by the budget, when hedging is on. */
  hedge?: HedgeStats;
  /** Calls that made a shared call and calls that joined one, when coalescing is on. */
  coalesce?: CoalesceStats;
}

interface UpstreamState {
  breakers?: PerOperation<CircuitBreaker>;
  bulkheads?: PerOperation<Bulkhead>;
  budget?: RetryBudget;
  retry?: RetryPolicy;
  activity?: UpstreamActivitySources;
}

/** The resilience policies of one upstream, by where they go in its pipeline. */
export interface UpstreamResiliencePolicies {
  /** Per call, before hedging (absent when off). */
  retry?: CallPolicy;
  /**
   * The budget a hedge policy takes from: the retries' own (the retry policy counts the calls), absent when
   * retries are off (the hedge then keeps a budget of its own).
   */
  hedgeBudget?: RetryBudget;
  /** Per attempt, last: breaker, then bulkhead. */
  perAttempt: CallPolicy[];
}

/**
 * The resilience state of every upstream of an app: breakers, bulkheads and retry budgets, made once per upstream
 * with its policies, in order retry → breaker → bulkhead (resilience4j's nesting, Envoy's per-attempt accounting:
 * every attempt, retries included, asks the breaker and takes a bulkhead slot). Readable for health and metrics;
 * every breaker state change goes to the listeners once.
 * @example
 * const resilience = new ResilienceRegistry({ clock });
 * resilience.onStateChange((c) => log.warn(c, 'circuit breaker'));
 * createUpstreamClient('catalog', { baseUrl }, { resilience });
 * resilience.snapshot().catalog.breakers.catalog.state; // 'closed'
 */
export class ResilienceRegistry {
  readonly clock: Clock;
  private readonly breakers: CircuitBreakerRegistry;
  private readonly upstreams = new Map<string, UpstreamState>();
  private readonly listeners: ((change: CircuitStateChange) => void)[] = [];

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
    const listeners = this.listeners;
    this.breakers = new CircuitBreakerRegistry({
      clock: this.clock,
      onStateChange: function notifyStateChange(change) {
        for (const listener of listeners) listener(change);
      },
    });
  }

  /** Adds a listener of every breaker state change (exceptions are swallowed by the breaker). */
  onStateChange(listener: (change: CircuitStateChange) => void): void {
    this.listeners.push(listener);
  }

  /** Makes the resilience policies of `upstream` (retry, breaker, bulkhead; those not turned off), once. */
  policiesFor(upstream: string, resolved: ResolvedResilience): UpstreamResiliencePolicies {
    const state: UpstreamState = {};
    const policies: CallPolicy[] = [];
    const out: UpstreamResiliencePolicies = { perAttempt: policies };
    const { retry, breaker, bulkhead } = resolved;
    if (retry) {
      const budget = createRetryBudget({
        ratio: retry.budgetRatio,
        minPerWindow: Math.round((retry.minRetriesPerSec * retry.budgetWindowMs) / 1000),
        windowMs: retry.budgetWindowMs,
        clock: this.clock,
      });
      state.budget = budget;
      state.retry = out.retry = new RetryPolicy(budget, retry, this.clock);
      out.hedgeBudget = {
        recordCall: function countedByRetry() {},
        tryAcquire: () => budget.tryAcquire(),
        state: () => budget.state(),
      };
    }
    if (breaker) {
      const { operations, ...options } = breaker;
      state.breakers = new PerOperation(this.breakers.get(upstream, options), operations, (op) =>
        this.breakers.get(`${upstream}:${op}`, options),
      );
      policies.push(new BreakerPolicy(state.breakers, this.clock));
    }
    if (bulkhead) {
      const make = (name: string) => new Bulkhead(name, bulkhead.maxConcurrent, bulkhead.maxQueue);
      state.bulkheads = new PerOperation(make(upstream), bulkhead.operations, (op) =>
        make(`${upstream}:${op}`),
      );
      policies.push(new BulkheadPolicy(state.bulkheads));
    }
    this.upstreams.set(upstream, state);
    return out;
  }

  /**
   * Makes the upstream's instances, hedges and coalescing readable in {@link snapshot} (the client calls it once
   * its dispatcher and policies exist).
   */
  attach(upstream: string, sources: UpstreamActivitySources): void {
    const state = this.upstreams.get(upstream);
    if (state) state.activity = sources;
  }

  /** Every upstream's state, by upstream name. */
  snapshot(): Record<string, UpstreamResilienceSnapshot> {
    const now = this.clock.now();
    const out: Record<string, UpstreamResilienceSnapshot> = {};
    for (const [upstream, state] of this.upstreams) {
      out[upstream] = {
        breakers: Object.fromEntries(
          (state.breakers?.entries(upstream) ?? []).map(([name, b]) => [name, b.snapshot(now)]),
        ),
        bulkheads: Object.fromEntries(
          (state.bulkheads?.entries(upstream) ?? []).map(([name, b]) => [name, b.snapshot()]),
        ),
        ...(state.budget ? { retryBudget: { ...state.budget.state(), refused: state.retry!.refused } } : {}),
        ...activitySnapshot(state.activity, now),
      };
    }
    return out;
  }

  /** Names of the breakers that are open now (half-open ones are probing, not counted). */
  openBreakers(): string[] {
    const now = this.clock.now();
    const open: string[] = [];
    for (const [upstream, state] of this.upstreams)
      for (const [name, breaker] of state.breakers?.entries(upstream) ?? [])
        if (breaker.stateAt(now) === 'open') open.push(name);
    return open;
  }
}

function activitySnapshot(
  sources: UpstreamActivitySources | undefined,
  now: number,
): Pick<UpstreamResilienceSnapshot, 'instances' | 'hedge' | 'coalesce'> {
  if (!sources) return {};
  return {
    ...(sources.instances ? { instances: sources.instances().map((i) => instanceSnapshot(i, now)) } : {}),
    ...(sources.hedge ? { hedge: sources.hedge() } : {}),
    ...(sources.coalesce ? { coalesce: sources.coalesce() } : {}),
  };
}

function instanceSnapshot(state: InstanceState, now: number): InstanceSnapshot {
  const { index, ejected, ejections, ejectionsTotal, consecutiveFailures } = state;
  const timing =
    ejected && state.ejectedSince !== undefined && state.ejectedUntil !== undefined
      ? {
          ejectedForMs: Math.round(now - state.ejectedSince),
          returnsInMs: Math.round(state.ejectedUntil - now),
        }
      : {};
  return { index, ejected, ...timing, ejections, ejectionsTotal, consecutiveFailures };
}
