import { Extensions } from '@nestjs/graphql';

/** Field extension key of a field's weight (IBM cost spec `@cost(weight:)`). */
export const COST_EXTENSION = 'cost';
/** Field extension key of a list field's size (IBM cost spec `@listSize`). */
export const LIST_SIZE_EXTENSION = 'listSize';

/**
 * How big a list field's answer can be (IBM cost spec `@listSize`). With `slicingArguments`, the size is the
 * largest of those arguments the operation sets (literal, variable, or the argument's default value); without
 * any, or when none is set, it is `assumedSize`, else the cost model's `defaultListSize`.
 * @see https://ibm.github.io/graphql-specs/cost-spec.html#sec-The-List-Size-Directive
 */
export interface ListSizeOptions {
  /** Size assumed when no slicing argument gives one, e.g. the page size cap. */
  assumedSize?: number;
  /** Integer arguments bounding the list's length, e.g. `['first', 'last']`. */
  slicingArguments?: readonly string[];
}

/**
 * Sets a field's weight in the cost analysis: what one resolution of the field costs, typically the number
 * of upstream calls it may make. Without it a field weighs the model's `objectCost` (object, interface, union)
 * or `scalarCost` (scalar, enum). Writes the `cost` field extension, readable from the built schema.
 * @example @Cost(1) @ResolveField(() => ProductModel) product(...) { ... } // at most one catalog call
 */
export function Cost(weight: number): MethodDecorator & PropertyDecorator {
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
    throw new TypeError('Cost: weight must be a non-negative number');
  return Extensions({ [COST_EXTENSION]: weight });
}

/**
 * Sets a list field's size in the cost analysis; see {@link ListSizeOptions}. Writes the `listSize` field extension.
 * @example @ListSize({ slicingArguments: ['first'], assumedSize: 50 }) @ResolveField(() => [OrderModel]) orders(...)
 */
export function ListSize(options: ListSizeOptions): MethodDecorator & PropertyDecorator {
  if (
    options.assumedSize !== undefined &&
    (!Number.isSafeInteger(options.assumedSize) || options.assumedSize < 0)
  )
    throw new TypeError('ListSize: assumedSize must be a non-negative integer');
  if (options.slicingArguments !== undefined && options.slicingArguments.length === 0)
    throw new TypeError('ListSize: slicingArguments must name at least one argument');
  return Extensions({ [LIST_SIZE_EXTENSION]: { ...options } });
}
