import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  typeFromAST,
  valueFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
} from 'graphql';
import type { CostModelOptions } from '../graphql-limits.options';
import { COST_EXTENSION, LIST_SIZE_EXTENSION, type ListSizeOptions } from './cost.decorators';

/** Most field selections one analysis visits before it gives up (the operation is then too costly). */
export const MAX_COST_ANALYSIS_STEPS = 50_000;

/** What {@link estimateCost} needs. */
export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's raw variables (before coercion). */
  variables?: Readonly<Record<string, unknown>> | null;
  model: Required<CostModelOptions>;
}

/**
 * Estimates the cost of one operation before it runs, as execution would see it: fields are collected per
 * response key like graphql-js does (a field selected twice under one key, directly or through fragments, is
 * resolved once; a fragment spread under N aliases is resolved N times), `@skip`/`@include` are applied with
 * the request's variables, and list fields multiply their selection by their size. A field costs its weight
 * (`cost` extension, else the model's default) plus, for object fields, size x the cost of its selection.
 * Introspection fields cost nothing (they never leave the process; graphql-js bounds their nesting).
 *
 * Returns `Infinity` when the analysis would take more than {@link MAX_COST_ANALYSIS_STEPS} steps.
 * @example estimateCost({ schema, document, operation, variables: { first: 10 }, model }) // 102
 */
export function estimateCost(input: CostInput): number {
  return analyseCost(input).cost;
}

/** An estimate and the names of the variables it read (all it depends on besides the document and schema). */
export interface CostAnalysis {
  cost: number;
  variablesRead: ReadonlySet<string>;
}

/** {@link estimateCost}, also saying which variables decided the estimate (see {@link CostCache}). */
export function analyseCost(input: CostInput): CostAnalysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of input.document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const walker = new CostWalker(input, fragments);
  const root = input.schema.getRootType(input.operation.operation);
  if (!root) return { cost: 0, variablesRead: walker.variablesRead };
  try {
    return {
      cost: walker.selectionCost(root, [input.operation.selectionSet]),
      variablesRead: walker.variablesRead,
    };
  } catch (err) {
    if (err === TOO_COMPLEX) return { cost: Infinity, variablesRead: walker.variablesRead };
    throw err;
  }
}

const TOO_COMPLEX = Symbol('tooComplex');

class CostWalker {
  private steps = 0;
  private readonly variables: Readonly<Record<string, unknown>>;
  /** Every variable whose value the walk looked at: the estimate is a function of these values alone. */
  readonly variablesRead = new Set<string>();

  constructor(
    private readonly input: CostInput,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {
    this.variables = withVariableDefaults(input);
  }

  /** Cost of the merged selection sets `sets` on an object of type `type`. */
  selectionCost(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): number {
    let total = 0;
    for (const nodes of this.collectFields(type, sets).values()) total += this.fieldCost(type, nodes);
    return total;
  }

  private fieldCost(parent: GraphQLObjectType, nodes: readonly FieldNode[]): number {
    const name = nodes[0].name.value;
    if (name.startsWith('__')) return 0; // __typename, __schema, __type
    const field = parent.getFields()[name];
    if (!field) return 0; // validation rejects unknown fields before this runs
    const named = getNamedType(field.type);
    const explicit = costSpecOf(field).weight;
    if (isLeafType(named)) return explicit ?? this.input.model.scalarCost;
    const weight = explicit ?? this.input.model.objectCost;
    const sets: SelectionSetNode[] = [];
    for (const node of nodes) if (node.selectionSet) sets.push(node.selectionSet);
    const size = this.sizeOf(field, nodes[0], field.type);
    if (size === 0) return weight;
    let child = 0;
    if (isObjectType(named)) child = this.selectionCost(named, sets);
    else if (isAbstractType(named))
      for (const possible of this.input.schema.getPossibleTypes(named))
        child = Math.max(child, this.selectionCost(possible, sets));
    return weight + size * child;
  }

  /** How many objects one resolution of `field` yields: 1, or the product of its list sizes. */
  private sizeOf(field: GraphQLField<unknown, unknown>, node: FieldNode, type: GraphQLOutputType): number {
    let size = 1;
    let current = getNullableType(type);
    let outer = true;
    while (isListType(current)) {
      size *= outer ? this.listSize(field, node) : this.input.model.defaultListSize;
      outer = false;
      current = getNullableType(current.ofType);
    }
    return size;
  }

  private listSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
    const spec = costSpecOf(field).listSize;
    let size: number | undefined;
    for (const argName of spec?.slicingArguments ?? []) {
      const value = this.argumentValue(field, node, argName);
      if (value !== undefined) size = Math.max(size ?? 0, value);
    }
    return size ?? numberOr(spec?.assumedSize, undefined) ?? this.input.model.defaultListSize;
  }

  /** The integer value of argument `name` on `node` (literal, variable, or default), if it has one. */
  private argumentValue(
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
    name: string,
  ): number | undefined {
    const def = field.args.find((a) => a.name === name);
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (arg?.value.kind === Kind.VARIABLE) this.variablesRead.add(arg.value.name.value);
    const given = arg ? literalOrVariable(arg.value, this.variables) : undefined;
    // A value execution would reject (null, a string) leaves the argument's default, as if it were absent.
    const value = isInteger(given) ? given : def?.defaultValue;
    return isInteger(value) ? Math.max(0, value) : undefined;
  }

  /** graphql-js' CollectFields: response key -> the field nodes merged under it. */
  private collectFields(
    type: GraphQLObjectType,
    sets: readonly SelectionSetNode[],
  ): Map<string, FieldNode[]> {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const visit = (set: SelectionSetNode): void => {
      for (const selection of set.selections) {
        if (++this.steps > MAX_COST_ANALYSIS_STEPS) throw TOO_COMPLEX;
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const list = fields.get(key);
          if (list) list.push(selection);
          else fields.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition?.name.value, type)) visit(selection.selectionSet);
        } else {
          const name = selection.name.value;
          if (visited.has(name)) continue;
          visited.add(name);
          const fragment = this.fragments.get(name);
          if (fragment && this.applies(fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    return fields;
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (condition === undefined || condition === type.name) return true;
    const conditionType = this.input.schema.getType(condition);
    return (
      conditionType !== undefined &&
      isAbstractType(conditionType) &&
      this.input.schema.isSubType(conditionType, type)
    );
  }

  /** False when `@skip`/`@include` leave the selection out; a value execution would reject counts as included. */
  private included(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    if (!node.directives?.length) return true;
    for (const directive of node.directives)
      for (const arg of directive.arguments ?? [])
        if (arg.value.kind === Kind.VARIABLE) this.variablesRead.add(arg.value.name.value);
    const variables = this.variables as Record<string, unknown>;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
    } catch {
      return true;
    }
  }
}

/** The request's variables plus the operation's declared defaults for the missing ones. */
function withVariableDefaults(input: CostInput): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...(input.variables ?? {}) };
  for (const def of input.operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (out[name] !== undefined || !def.defaultValue) continue;
    const type = typeFromAST(input.schema, def.type);
    out[name] = type ? valueFromAST(def.defaultValue, type as never) : undefined;
  }
  return out;
}

function literalOrVariable(value: ValueNode, variables: Readonly<Record<string, unknown>>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.NULL) return null;
  return undefined;
}

interface FieldCostSpec {
  weight?: number;
  listSize?: ListSizeOptions;
}

const specs = new WeakMap<GraphQLField<unknown, unknown>, FieldCostSpec>();

/**
 * A field's weight and list size: from its `cost` / `listSize` extensions (code-first, see {@link Cost} and
 * {@link ListSize}), else from `@cost(weight:)` / `@listSize(assumedSize:, slicingArguments:)` directives in
 * its SDL (schema-first). Read once per field.
 */
function costSpecOf(field: GraphQLField<unknown, unknown>): FieldCostSpec {
  let spec = specs.get(field);
  if (spec) return spec;
  spec = {};
  const weight = numberOr(field.extensions?.[COST_EXTENSION], undefined);
  const listSize = field.extensions?.[LIST_SIZE_EXTENSION] as ListSizeOptions | undefined;
  if (weight !== undefined) spec.weight = weight;
  if (listSize) spec.listSize = listSize;
  for (const directive of field.astNode?.directives ?? []) {
    const args = Object.fromEntries(
      (directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]),
    );
    if (directive.name.value === 'cost' && spec.weight === undefined) {
      const w = Number(args.weight);
      if (Number.isFinite(w) && w >= 0) spec.weight = w;
    } else if (directive.name.value === 'listSize' && !spec.listSize) {
      spec.listSize = {
        ...(typeof args.assumedSize === 'number' ? { assumedSize: args.assumedSize } : {}),
        ...(Array.isArray(args.slicingArguments)
          ? { slicingArguments: args.slicingArguments.filter((a): a is string => typeof a === 'string') }
          : {}),
      };
    }
  }
  specs.set(field, spec);
  return spec;
}

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function numberOr<T>(v: unknown, fallback: T): number | T {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}
