import type { DirectiveNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects `path` below it: `selectsPath(info, ['items', 'product'])` is true
 * when the operation asks for `items { product { ... } }` under this field, under any alias, through inline
 * fragments and fragment spreads, and not turned off by `@skip(if: true)` or `@include(if: false)` (literal or
 * variable). Type conditions are not checked: a fragment on another type of an interface counts as selecting.
 *
 * For a parent resolver that loads what its children will ask for, in one batch and before graphql-js reaches
 * them, so each child answers synchronously with `loadNow` (`@bff/downstream`), and only when the operation
 * asks for it (no upstream call for a field nobody selected).
 *
 * @example
 * if (selectsPath(info, ['items', 'product'])) await ctx.loaders.product.loadMany(productIdsOf(orders));
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  const visited = new Set<string>();
  return info.fieldNodes.some(
    (node) => node.selectionSet !== undefined && selects(node.selectionSet, path, 0, info, visited),
  );
}

function selects(
  set: SelectionSetNode,
  path: readonly string[],
  depth: number,
  info: GraphQLResolveInfo,
  visited: Set<string>,
): boolean {
  for (const selection of set.selections) {
    if (!included(selection.directives, info)) continue;
    if (selection.kind === 'Field') {
      if (selection.name.value !== path[depth]) continue;
      if (depth === path.length - 1) return true;
      if (selection.selectionSet && selects(selection.selectionSet, path, depth + 1, info, visited))
        return true;
    } else if (selection.kind === 'InlineFragment') {
      if (selects(selection.selectionSet, path, depth, info, visited)) return true;
    } else {
      const name = selection.name.value;
      const key = `${name}\u0000${depth}`;
      const fragment = info.fragments[name];
      if (!fragment || visited.has(key)) continue; // a cycle is a validation error; never loop on one
      visited.add(key);
      if (selects(fragment.selectionSet, path, depth, info, visited)) return true;
    }
  }
  return false;
}

/** False under `@skip(if: true)` or `@include(if: false)`, as graphql-js decides it. */
function included(directives: readonly DirectiveNode[] | undefined, info: GraphQLResolveInfo): boolean {
  if (!directives || directives.length === 0) return true;
  for (const directive of directives) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value =
      arg.value.kind === 'BooleanValue'
        ? arg.value.value
        : arg.value.kind === 'Variable'
          ? info.variableValues[arg.value.name.value] === true
          : false;
    if (name === 'skip' && value) return false;
    if (name === 'include' && !value) return false;
  }
  return true;
}
