import { GraphQLTooManyTokensError } from '../graphql.errors';
import { checkTokenCount, tokenCountChecker } from './document-limits';

describe('token count limit', () => {
  it('counts lexical tokens, comments left out', () => {
    expect(checkTokenCount('{ a b } # c d e', 10)).toBe(4);
  });

  it('tokenCountChecker accepts a document within the limit however often it is sent', () => {
    const check = tokenCountChecker(4);
    for (let i = 0; i < 3; i++) expect(() => check('{ a b }')).not.toThrow();
  });

  it('tokenCountChecker refuses a document over the limit every time, also after accepting others', () => {
    const check = tokenCountChecker(4);
    for (let i = 0; i < 1100; i++) check(`{ a${i} }`); // more than it remembers: it starts afresh
    for (let i = 0; i < 2; i++) expect(() => check('{ a b c }')).toThrow(GraphQLTooManyTokensError);
    expect(() => check('{ a0 }')).not.toThrow();
  });
});
