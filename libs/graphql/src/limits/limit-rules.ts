import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  type ASTVisitor,
  type FieldNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { BffError } from '@bff/core';
import {
  GraphQLTooDeepError,
  GraphQLTooManyAliasesError,
  GraphQLTooManyDirectivesError,
} from '../graphql.errors';
import type { ResolvedGraphQLLimits } from '../graphql-limits.options';
import { toGraphQLError } from './graphql-error';

/**
 * The structural limits as validation rules (they do not depend on variables, so Apollo's validated-document
 * cache keeps their verdict): depth, aliases and directives per operation through GraphQL Armor's rules
 * (fragments expanded, cycles cut), plus directives per field. Each violation is reported as a coded error.
 * @example new ApolloServer({ schema, validationRules: limitValidationRules(resolveGraphQLLimits()) })
 */
export function limitValidationRules(limits: ResolvedGraphQLLimits): ValidationRule[] {
  return [
    armorRule(
      maxDepthRule,
      // Fragments add no depth of their own; introspection is bounded by graphql-js' MaxIntrospectionDepthRule.
      { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true },
      (found) =>
        new GraphQLTooDeepError(
          `The operation is nested ${found} levels deep; at most ${limits.maxDepth} are allowed.`,
        ),
    ),
    armorRule(
      maxAliasesRule,
      { n: limits.maxAliases },
      (found) =>
        new GraphQLTooManyAliasesError(
          `The operation uses ${found} aliases; at most ${limits.maxAliases} are allowed.`,
        ),
    ),
    armorRule(
      maxDirectivesRule,
      { n: limits.maxDirectives },
      (found) =>
        new GraphQLTooManyDirectivesError(
          `The operation uses ${found} directives; at most ${limits.maxDirectives} are allowed.`,
        ),
    ),
    directivesPerFieldRule(limits.maxDirectivesPerField),
  ];
}

interface ArmorRuleOptions {
  n: number;
  propagateOnRejection?: boolean;
  exposeLimits?: boolean;
  onAccept?: Array<(ctx: ValidationContext | null, details: { n: number }) => void>;
  onReject?: Array<(ctx: ValidationContext | null, error: GraphQLError) => void>;
  [option: string]: unknown;
}

/**
 * Runs one of GraphQL Armor's counting rules and reports a coded error instead of armor's own: armor counts
 * (its `onAccept` hands over the number), this decides, so the message and code are ours.
 */
function armorRule(
  rule: (options: never) => (context: ValidationContext) => unknown,
  options: ArmorRuleOptions,
  error: (found: number) => BffError,
): ValidationRule {
  const limit = options.n;
  return function armorLimitRule(context: ValidationContext): ASTVisitor {
    const config: ArmorRuleOptions = {
      ...options,
      // Armor compares with `>`: with an infinite ceiling it only counts, and we decide below.
      n: Number.POSITIVE_INFINITY,
      propagateOnRejection: false,
      onAccept: [
        (_ctx, { n }) => {
          if (n > limit) context.reportError(toGraphQLError(error(n)));
        },
      ],
      onReject: [],
    };
    return rule(config as never)(context) as ASTVisitor;
  };
}

/** Rejects a field, fragment spread or inline fragment carrying more than `max` directives. */
export function directivesPerFieldRule(max: number): ValidationRule {
  return function directivesPerField(context: ValidationContext): ASTVisitor {
    const check = (node: FieldNode | FragmentSpreadNode | InlineFragmentNode): void => {
      const count = node.directives?.length ?? 0;
      if (count > max)
        context.reportError(
          toGraphQLError(
            new GraphQLTooManyDirectivesError(
              `A selection carries ${count} directives; at most ${max} are allowed on one field.`,
            ),
            [node],
          ),
        );
    };
    return { Field: check, FragmentSpread: check, InlineFragment: check };
  };
}
