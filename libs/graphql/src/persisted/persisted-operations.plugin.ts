import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
import { GraphQLCsrfRejectedError, GraphQLOperationNotTrustedError } from '../graphql.errors';
import { toGraphQLError } from '../limits/graphql-error';
import { operationId, type PersistedOperationManifest } from './persisted-operations';

/**
 * Safelist (trusted documents) mode: only operations of `manifest` run. A request names one by id, the APQ way
 * (`extensions.persistedQuery.sha256Hash`, over GET or POST), and its text comes from the manifest; a request
 * sending text runs only when that exact text is in the manifest. Anything else is refused before parsing.
 * Use with Apollo's own `persistedQueries: false` (this plugin consumes the extension).
 *
 * @example plugins: [safelistPlugin(parsePersistedOperationManifest(require('./manifest.json')))]
 * @throws (as a GraphQLError, HTTP 400) GraphQLOperationNotTrustedError (BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED)
 */
export function safelistPlugin(manifest: PersistedOperationManifest): ApolloServerPlugin<BaseContext> {
  const byId = new Map(manifest.operations.map((op) => [op.id, op.body]));
  return {
    async requestDidStart({ request }) {
      const persisted = persistedQueryOf(request);
      if (persisted) {
        const body = persisted.sha256Hash === undefined ? undefined : byId.get(persisted.sha256Hash);
        if (persisted.version !== 1 || body === undefined) throw notTrusted('This persisted operation is unknown.');
        if (request.query !== undefined && request.query !== body)
          throw notTrusted('The query text does not match the persisted operation.');
        request.query = body;
        const { persistedQuery: _consumed, ...rest } = request.extensions ?? {};
        request.extensions = rest;
        return;
      }
      if (request.query === undefined) return; // Apollo answers "no query" itself
      if (!byId.has(operationId(request.query)))
        throw notTrusted('Only trusted operations are accepted: send the id of a persisted operation.');
    },
  };
}

/** Headers whose presence proves a browser sent a preflight (Apollo's recommended CSRF prevention headers). */
export const CSRF_PREFLIGHT_HEADERS: readonly string[] = ['x-apollo-operation-name', 'apollo-require-preflight'];

const NON_PREFLIGHTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Apollo's CSRF prevention, with one exception: a GET naming a persisted operation by id only (no query text)
 * needs no preflight header, so a persisted query is a plain cacheable link. It stays safe because GET never
 * runs a mutation (Apollo answers 405 for any non-query operation over GET) and the id only selects a known
 * document. Everything else must either send a content type a browser cannot send cross-site without a
 * preflight (e.g. `application/json`) or one of {@link CSRF_PREFLIGHT_HEADERS}. Use with `csrfPrevention: false`.
 * @see https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf
 * @throws (as a GraphQLError, HTTP 400) GraphQLCsrfRejectedError (BFF_ERR_GRAPHQL_CSRF_REJECTED)
 */
export function csrfPreventionPlugin(
  preflightHeaders: readonly string[] = CSRF_PREFLIGHT_HEADERS,
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const http = request.http;
      if (!http) return;
      if (http.method === 'GET' && request.query === undefined && persistedQueryOf(request)) return;
      const contentType = http.headers.get('content-type');
      if (contentType !== undefined) {
        const essence = contentType.split(';')[0].trim().toLowerCase();
        if (essence && !NON_PREFLIGHTED_CONTENT_TYPES.has(essence)) return;
      }
      if (preflightHeaders.some((h) => (http.headers.get(h) ?? '').length > 0)) return;
      throw toGraphQLError(
        new GraphQLCsrfRejectedError(
          `This request was blocked as a potential cross-site request forgery: send a JSON content type or one of the headers ${preflightHeaders.join(', ')}.`,
        ),
      );
    },
  };
}

function persistedQueryOf(request: GraphQLRequest): { version?: unknown; sha256Hash?: string } | undefined {
  const pq = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (!pq || typeof pq !== 'object') return undefined;
  return { version: pq.version, sha256Hash: typeof pq.sha256Hash === 'string' ? pq.sha256Hash : undefined };
}

function notTrusted(detail: string) {
  return toGraphQLError(new GraphQLOperationNotTrustedError(detail));
}
