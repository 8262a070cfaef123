import { GraphQLError } from 'graphql';
import { DeadlineExceededError, formatGraphQLError, ForbiddenError, toGraphQLError } from '@bff/core';

describe('toGraphQLError', () => {
  class LimitedError extends ForbiddenError {}

  it('carries the code, status and title, plus the HTTP status and headers when asked', () => {
    const err = new DeadlineExceededError('too slow', { headers: { 'Retry-After': '2' } });
    const rendered = toGraphQLError(err, { http: true });
    expect(rendered.message).toBe('too slow');
    expect(rendered.extensions).toEqual({
      code: 'BFF_ERR_DEADLINE_EXCEEDED',
      status: 504,
      title: 'Request deadline exceeded',
      http: { status: 504, headers: new Map([['Retry-After', '2']]) },
    });
    expect(toGraphQLError(err).extensions.http).toBeUndefined();
  });

  it('hides uncoded failures behind BFF_ERR_INTERNAL and unwraps GraphQL wrappers', () => {
    const internal = toGraphQLError(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { http: true });
    expect(internal.message).toBe('An unexpected error occurred.');
    expect(internal.extensions).toMatchObject({ code: 'BFF_ERR_INTERNAL', http: { status: 500 } });
    const wrapped = new GraphQLError('wrapped', { originalError: new LimitedError('no') });
    expect(toGraphQLError(wrapped).extensions.code).toBe('BFF_ERR_FORBIDDEN');
  });

  it('passes GraphQL’s own errors through', () => {
    const syntax = new GraphQLError('Syntax Error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(toGraphQLError(syntax, { http: true })).toBe(syntax);
  });

  it('formatGraphQLError keeps only code and status', () => {
    const formatted = formatGraphQLError(
      { message: 'x', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x.ts:1'] } },
      new GraphQLError('x', { originalError: new ForbiddenError('not you') }),
    );
    expect(formatted).toEqual({
      message: 'not you',
      path: ['a'],
      extensions: { code: 'BFF_ERR_FORBIDDEN', status: 403 },
    });
  });
});
