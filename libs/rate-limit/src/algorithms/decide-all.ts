import type { ResolvedRateLimitPolicy } from '../rate-limit.policy';
import type { AlgorithmResult, GcraState, SlidingWindowState } from './algorithm.types';
import { gcra } from './gcra.algorithm';
import { slidingWindow } from './sliding-window.algorithm';

/** The state of either algorithm. */
export type AlgorithmState = GcraState | SlidingWindowState;

/** One policy's share of a combined decision: its state before, its policy and the request's cost. */
export interface AlgorithmInput {
  state: AlgorithmState | undefined;
  policy: ResolvedRateLimitPolicy;
  cost: number;
}

/** Runs the policy's own algorithm. */
export function decidePolicy(
  state: AlgorithmState | undefined,
  now: number,
  policy: ResolvedRateLimitPolicy,
  cost: number,
): AlgorithmResult<AlgorithmState> {
  return policy.algorithm === 'gcra'
    ? gcra(state as GcraState | undefined, now, policy, cost)
    : slidingWindow(state as SlidingWindowState | undefined, now, policy, cost);
}

/**
 * Decides every policy of one request at once, all or nothing: the request passes only when every policy admits
 * it, and then every policy spends its cost; a rejected request spends nothing anywhere. The policies that would
 * have admitted a rejected request report their current, unspent state (`allowed` stays true for them: they are
 * not the ones violated). The Lua script of the Redis store implements exactly this.
 * @example const { allowed, results } = decideAll([{ state, policy, cost: 1 }], clock.now());
 */
export function decideAll(
  inputs: readonly AlgorithmInput[],
  now: number,
): { allowed: boolean; results: AlgorithmResult<AlgorithmState>[] } {
  const results = inputs.map((input) => decidePolicy(input.state, now, input.policy, input.cost));
  const allowed = results.every((result) => result.allowed);
  if (!allowed) {
    for (let i = 0; i < results.length; i++) {
      if (results[i].allowed) results[i] = decidePolicy(inputs[i].state, now, inputs[i].policy, 0);
    }
  }
  return { allowed, results };
}
