import { Lexer, Source, TokenKind } from 'graphql';
import { GraphQLDocumentTooLargeError, GraphQLTooManyTokensError } from '../graphql.errors';

/**
 * Rejects a document (query text) above `maxBytes` of UTF-8, without encoding it when its length alone decides.
 * @throws GraphQLDocumentTooLargeError (BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE)
 */
export function checkDocumentSize(source: string, maxBytes: number): void {
  // UTF-16 length <= UTF-8 bytes <= 3 x UTF-16 length
  if (source.length * 3 <= maxBytes) return;
  const bytes = source.length > maxBytes ? source.length : Buffer.byteLength(source, 'utf8');
  if (bytes > maxBytes)
    throw new GraphQLDocumentTooLargeError(`The GraphQL document is larger than ${maxBytes} bytes.`);
}

/**
 * Counts the document's lexical tokens (comments excluded) and rejects it at the first one above `maxTokens`,
 * before the parser builds anything. A lexical error stops the count: the parser reports it.
 * @throws GraphQLTooManyTokensError (BFF_ERR_GRAPHQL_TOO_MANY_TOKENS)
 */
export function checkTokenCount(source: string, maxTokens: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > maxTokens)
        throw new GraphQLTooManyTokensError(`The GraphQL document has more than ${maxTokens} tokens.`);
    }
  } catch (err) {
    if (err instanceof GraphQLTooManyTokensError) throw err;
  }
  return count;
}

/** Most documents, and characters in all, {@link tokenCountChecker} remembers before it forgets them all. */
const REMEMBERED_DOCUMENTS = 1000;
const REMEMBERED_CHARACTERS = 1_000_000;

/**
 * {@link checkTokenCount} for one limit, remembering the documents it accepted: clients send the same few
 * documents over and over (Apollo's document cache is keyed by their text too), so each is lexed once rather
 * than on every request (about 5 µs per request for the web-bff's viewer query). Bounded: past 1000 documents
 * or a million characters remembered, it forgets them all and counts afresh.
 * @example const checkTokens = tokenCountChecker(limits.maxTokens); checkTokens(query);
 * @throws GraphQLTooManyTokensError (BFF_ERR_GRAPHQL_TOO_MANY_TOKENS)
 */
export function tokenCountChecker(maxTokens: number): (source: string) => void {
  let accepted = new Set<string>();
  let characters = 0;
  return function checkTokens(source) {
    if (accepted.has(source)) return;
    checkTokenCount(source, maxTokens);
    if (accepted.size >= REMEMBERED_DOCUMENTS || characters + source.length > REMEMBERED_CHARACTERS) {
      accepted = new Set();
      characters = 0;
    }
    accepted.add(source);
    characters += source.length;
  };
}
