import type { GraphQLFormattedError } from 'graphql';
import { codedCause } from './limits/graphql-error';

/** Apollo's codes for the client's own mistakes: their messages are safe to show. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Text replacing "did you mean" suggestions in production. */
export const SUGGESTION_MASK = '[Suggestion hidden]';
const SUGGESTION = /\s*Did you mean [^?]*\?/g;
const MASKED_MESSAGE = 'An unexpected error occurred.';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Wraps the app's Apollo `formatError`: the limits' coded errors keep their code (Apollo re-wraps validation
 * errors as GRAPHQL_VALIDATION_FAILED), and with `mask` (production) every message is replaced by a generic one
 * unless its code is a framework code (`BFF_ERR_*`) or one of Apollo's client error codes, and "did you mean"
 * suggestions are removed from the messages that stay.
 * @example formatError: formatLimitErrors(formatGraphQLError, { mask: production })
 */
export function formatLimitErrors(inner: FormatError, options: { mask: boolean }): FormatError {
  return function formatError(formatted, error) {
    const coded = codedCause(error);
    let input = formatted;
    if (coded && coded.code.startsWith('BFF_ERR_GRAPHQL_'))
      input = {
        ...formatted,
        message: coded.message,
        extensions: { ...formatted.extensions, code: coded.code, status: coded.status },
      };
    const out = inner(input, error);
    if (!options.mask) return out;
    const code = typeof out.extensions?.code === 'string' ? out.extensions.code : undefined;
    if (code && (code.startsWith('BFF_ERR_') || CLIENT_ERROR_CODES.has(code)))
      return { ...out, message: out.message.replace(SUGGESTION, ` ${SUGGESTION_MASK}`) };
    return { ...out, message: MASKED_MESSAGE };
  };
}
