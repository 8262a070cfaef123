import type { UpstreamCall } from './upstream-call';

/**
 * State kept per upstream and, for the operations configured, per operation (a call's `operation` option):
 * the upstream's own entry, and one entry per named operation. Looking an entry up costs one property read when
 * no operation is configured.
 */
export class PerOperation<T> {
  private readonly byOperation?: ReadonlyMap<string, T>;

  constructor(
    /** The upstream's entry, for calls that name no configured operation. */
    readonly upstream: T,
    operations: readonly string[],
    create: (operation: string) => T,
  ) {
    if (operations.length > 0) this.byOperation = new Map(operations.map((op) => [op, create(op)]));
  }

  /** The entry of `call`'s operation, or the upstream's. */
  for(call: UpstreamCall): T {
    const operation = this.byOperation && call.options.operation;
    return (operation && this.byOperation!.get(operation)) || this.upstream;
  }

  /** Every entry: `[name, entry]`, the upstream's first (named after the upstream). */
  entries(upstreamName: string): [string, T][] {
    return [
      [upstreamName, this.upstream],
      ...[...(this.byOperation ?? [])].map(([op, v]): [string, T] => [`${upstreamName}:${op}`, v]),
    ];
  }
}
