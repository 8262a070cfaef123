import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { analyseCost, type CostInput } from './cost-analysis';

/** Estimates kept per operation of a document (the most recent first). Default of {@link CostCache}. */
export const COST_ESTIMATES_PER_OPERATION = 8;

interface CachedEstimate {
  schema: CostInput['schema'];
  model: CostInput['model'];
  /** The raw values of the variables the estimate read. */
  reads: readonly (readonly [string, unknown])[];
  cost: number;
}

/**
 * {@link estimateCost}, remembered per parsed document. Apollo Server keeps one `DocumentNode` per query text
 * (its document store, also used for persisted operations), so every request of an operation it has seen hands
 * the plugin the same document object, and the estimate can be looked up instead of walking the document again
 * (about 0.1 ms per request for the web-bff's viewer query; bench/WEB.md).
 *
 * An estimate depends on the document, the operation, the schema, the cost model and the values of the variables
 * the walk read (slicing arguments and `@skip`/`@include` conditions; `analyseCost` reports them): the walk
 * reads a variable only after every earlier decision went the same way, so equal values of those variables give
 * the same walk and the same cost. Other variables (an id, a search text) do not split the cache. Estimates
 * whose variables are not primitives are not kept. Documents are weak keys, so the cache never outlives Apollo's
 * own; per operation it keeps the `maxPerOperation` most recent estimates.
 *
 * @example
 * const costs = new CostCache();
 * costs.estimate({ schema, document, operation, variables: { first: 10 }, model }) // 102, walked
 * costs.estimate({ schema, document, operation, variables: { first: 10 }, model }) // 102, remembered
 */
export class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<OperationDefinitionNode, CachedEstimate[]>>();

  constructor(private readonly maxPerOperation = COST_ESTIMATES_PER_OPERATION) {}

  /** The operation's estimated cost, as {@link estimateCost} computes it. */
  estimate(input: CostInput): number {
    let operations = this.byDocument.get(input.document);
    if (!operations) this.byDocument.set(input.document, (operations = new Map()));
    let estimates = operations.get(input.operation);
    if (!estimates) operations.set(input.operation, (estimates = []));
    const variables = input.variables ?? {};
    const known = estimates.find(
      (e) =>
        e.schema === input.schema &&
        e.model === input.model &&
        e.reads.every(([name, value]) => Object.is(variables[name], value)),
    );
    if (known) return known.cost;

    const { cost, variablesRead } = analyseCost(input);
    const reads = [...variablesRead].map((name) => [name, variables[name]] as const);
    if (reads.every(([, value]) => isPrimitive(value))) {
      estimates.unshift({ schema: input.schema, model: input.model, reads, cost });
      if (estimates.length > this.maxPerOperation) estimates.pop();
    }
    return cost;
  }
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
