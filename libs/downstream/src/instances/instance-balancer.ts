import { RequestContextStore } from '@bff/core';
import type { ResolvedCanaryRule, ResolvedInstance } from './upstream-instance';

/** Reads a header of the request being served; undefined when absent or outside a request. */
export type RequestHeaderReader = (name: string) => string | undefined;

/** The inbound request's header `name` from the current request context (its first value when repeated). */
export function contextRequestHeader(name: string): string | undefined {
  const value = RequestContextStore.current()?.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Smooth weighted round robin (nginx's) over a group of instances: each pick adds every available instance's
 * weight to its credit and takes the one with the most, which then pays the group's total. Weights 3:1 give
 * `a a b a`, never `a a a b`; an unavailable instance is skipped without losing its place.
 */
class WeightedGroup {
  private readonly credit: number[];

  constructor(
    readonly members: readonly number[],
    private readonly weights: readonly number[],
  ) {
    this.credit = members.map(() => 0);
  }

  /** The next available member (an index into the upstream's instances), or undefined when none is. */
  next(available: (index: number) => boolean): number | undefined {
    let best = -1;
    let total = 0;
    for (let k = 0; k < this.members.length; k++) {
      if (!available(this.members[k])) continue;
      const weight = this.weights[this.members[k]];
      this.credit[k] += weight;
      total += weight;
      if (best < 0 || this.credit[k] > this.credit[best]) best = k;
    }
    if (best < 0) return undefined;
    this.credit[best] -= total;
    return this.members[best];
  }
}

/**
 * Picks the instance of each call: the canary rule first (the request's header, then an even `percent` split),
 * then weighted round robin within the chosen side among the instances in service; a side with none in
 * service hands its call to the other side.
 * @example
 * const balancer = new InstanceBalancer(instances, { version: 'v2', percent: 10 }, (i) => !ejected[i]);
 * const index = balancer.pick();
 */
export class InstanceBalancer {
  private readonly stable: WeightedGroup;
  private readonly canary?: WeightedGroup;
  private readonly percent: number;
  private credit = 0;

  constructor(
    instances: readonly ResolvedInstance[],
    private readonly rule: ResolvedCanaryRule | undefined,
    private readonly available: (index: number) => boolean,
    private readonly requestHeader: RequestHeaderReader = contextRequestHeader,
  ) {
    const weights = instances.map((i) => i.weight);
    const all = instances.map((_, index) => index);
    const isCanary = (index: number) => rule !== undefined && instances[index].version === rule.version;
    this.stable = new WeightedGroup(
      all.filter((i) => !isCanary(i)),
      weights,
    );
    if (rule) this.canary = new WeightedGroup(all.filter(isCanary), weights);
    this.percent = rule?.percent ?? 0;
  }

  /** The instance the next call goes to. */
  pick(): number {
    const [first, second] = this.toCanary() ? [this.canary!, this.stable] : [this.stable, this.canary];
    return first.next(this.available) ?? second?.next(this.available) ?? first.members[0];
  }

  /** Whether the current call belongs to the canary: marked by the header, or its turn in the split. */
  private toCanary(): boolean {
    if (!this.canary) return false;
    const header = this.rule!.header;
    if (header) {
      const value = this.requestHeader(header.name);
      if (value !== undefined && (header.value === undefined || value === header.value)) return true;
    }
    if (this.percent === 0) return false;
    this.credit += this.percent;
    if (this.credit < 100) return false;
    this.credit -= 100;
    return true;
  }
}
