import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import {
  GraphQLBatchRejectedError,
  GraphQLCsrfRejectedError,
  GraphQLLimitError,
  GraphQLOperationNotTrustedError,
} from '../graphql.errors';
import type { ResolvedGraphQLLimits } from '../graphql-limits.options';
import { operationId, type PersistedOperationManifest } from '../persisted/persisted-operations';
import { checkDocumentSize, tokenCountChecker } from './document-limits';
import { toGraphQLError } from './graphql-error';

/** The parts of the HTTP request (Fastify's, as the GraphQL context factory receives it) the guards read. */
export interface GraphQLHttpRequest {
  method?: string;
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** POST: the parsed JSON body (an object, or an array for a batch). */
  body?: unknown;
  /** GET: the parsed query string (`query`, `extensions` as JSON text, ...). */
  query?: unknown;
}

/** Headers whose presence proves a browser sent a preflight (Apollo's recommended CSRF prevention headers). */
export const CSRF_PREFLIGHT_HEADERS: readonly string[] = [
  'x-apollo-operation-name',
  'apollo-require-preflight',
];

const NON_PREFLIGHTED_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

/**
 * Where the guarded context keeps the cost already accepted for its HTTP request: Apollo gives each operation of a
 * batch a shallow copy of the context value, so the budget object is shared by all of them.
 */
export const COST_BUDGET = Symbol('bff.graphql.costBudget');

/** A context value carrying its request's {@link COST_BUDGET}. */
export interface CostBudgetHolder {
  [COST_BUDGET]?: { spent: number };
}

/** Options of {@link guardGraphQLContext}. */
export interface RequestGuardOptions {
  limits: ResolvedGraphQLLimits;
  /** Safelist mode: only these operations run. */
  manifest?: PersistedOperationManifest;
  /** Default is {@link CSRF_PREFLIGHT_HEADERS}. */
  preflightHeaders?: readonly string[];
}

/**
 * Wraps a GraphQL context factory (whose first argument is the HTTP request) with the checks that must run on
 * the raw request, before Apollo parses anything. Errors thrown from the context factory are answered with
 * their HTTP status, which is why they live here and not in a plugin hook.
 * Before the app's factory (which authenticates):
 * - batching: a JSON array body is refused unless `maxBatchSize` is set, and above it;
 * - CSRF prevention as Apollo does it (a non-simple content type or a preflight header), except for a GET that
 *   names a persisted operation by id only: GET never runs a mutation (Apollo answers 405), so a persisted
 *   query can be a plain link. Use with Apollo's `csrfPrevention: false`.
 * After it, for each operation of the request:
 * - safelist mode: an id must be in the manifest, and text must be exactly a manifest operation's text;
 * - the document's size and token count (when it sends text; registered APQ documents passed them when sent).
 *
 * @example context: guardGraphQLContext(graphQLContextFactory(authenticator, catalog), { limits })
 * @throws (as GraphQLErrors, HTTP 400) BFF_ERR_GRAPHQL_BATCH_REJECTED, BFF_ERR_GRAPHQL_CSRF_REJECTED,
 *   BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED, BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE, BFF_ERR_GRAPHQL_TOO_MANY_TOKENS
 */
export function guardGraphQLContext<A extends [unknown, ...unknown[]], C>(
  factory: (...args: A) => C | Promise<C>,
  options: RequestGuardOptions,
): (...args: A) => C | Promise<C> {
  const { limits } = options;
  const preflightHeaders = options.preflightHeaders ?? CSRF_PREFLIGHT_HEADERS;
  const trusted = options.manifest ? new Set(options.manifest.operations.map((op) => op.id)) : undefined;
  const checkTokens = tokenCountChecker(limits.maxTokens);

  function afterFactory(context: C, pieces: readonly OperationPiece[]): C {
    if (context && typeof context === 'object') (context as CostBudgetHolder)[COST_BUDGET] = { spent: 0 };
    guard(() => {
      for (const piece of pieces) {
        if (trusted) checkTrusted(piece, trusted);
        if (typeof piece.query === 'string') {
          checkDocumentSize(piece.query, limits.maxDocumentBytes);
          checkTokens(piece.query);
        }
      }
    });
    return context;
  }

  // Not `async`: when the app's factory answers synchronously (a cached token), so does this, one promise
  // less per request. A refusal is always a rejection.
  return function guardedGraphQLContext(...args: A): C | Promise<C> {
    try {
      const req = (args[0] ?? {}) as GraphQLHttpRequest;
      const pieces = operationsOf(req);
      guard(() => {
        if (Array.isArray(req.body)) checkBatch(req.body.length, limits.maxBatchSize);
        checkCsrf(req, pieces, preflightHeaders);
      });
      const context = factory(...args);
      return isPromiseLike(context)
        ? Promise.resolve(context).then((built) => afterFactory(built, pieces))
        : afterFactory(context, pieces);
    } catch (err) {
      return Promise.reject(err);
    }
  };
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * Apollo's persisted query cache, read-only over a manifest: safelist mode lets Apollo resolve ids itself
 * (GET and POST alike) from the trusted documents, and never stores anything.
 */
export function manifestCache(manifest: PersistedOperationManifest): KeyValueCache<string> {
  const byId = new Map(manifest.operations.map((op) => [op.id, op.body]));
  const idOf = (key: string) => key.slice(key.lastIndexOf(':') + 1); // Apollo prefixes keys with `apq:`
  return {
    async get(key) {
      return byId.get(idOf(key));
    },
    async set() {},
    async delete() {},
  };
}

interface OperationPiece {
  query?: unknown;
  persistedId?: string;
  hasPersisted: boolean;
}

function operationsOf(req: GraphQLHttpRequest): OperationPiece[] {
  if (req.method === 'GET') {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return [pieceOf(q.query, parseJson(q.extensions))];
  }
  const bodies = Array.isArray(req.body) ? req.body : [req.body];
  return bodies.map((b) => {
    const body = (b ?? {}) as Record<string, unknown>;
    return pieceOf(body.query, body.extensions);
  });
}

function pieceOf(query: unknown, extensions: unknown): OperationPiece {
  const pq = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const hasPersisted = typeof pq === 'object' && pq !== null;
  const persistedId = hasPersisted && typeof pq.sha256Hash === 'string' ? pq.sha256Hash : undefined;
  return { query, persistedId, hasPersisted };
}

function checkBatch(size: number, max: number | undefined): void {
  if (max === undefined) throw new GraphQLBatchRejectedError('Batched GraphQL requests are not accepted.');
  if (size > max)
    throw new GraphQLBatchRejectedError(
      `A batched GraphQL request may hold at most ${max} operations, got ${size}.`,
    );
}

function checkCsrf(
  req: GraphQLHttpRequest,
  pieces: OperationPiece[],
  preflightHeaders: readonly string[],
): void {
  const headers = req.headers ?? {};
  if (req.method === 'GET' && pieces[0].query === undefined && pieces[0].hasPersisted) return;
  const contentType = header(headers, 'content-type');
  if (contentType !== undefined) {
    const essence = contentType.split(';')[0].trim().toLowerCase();
    if (essence && !NON_PREFLIGHTED_CONTENT_TYPES.has(essence)) return;
  }
  if (preflightHeaders.some((h) => (header(headers, h) ?? '').length > 0)) return;
  throw new GraphQLCsrfRejectedError(
    `This request was blocked as a potential cross-site request forgery: send a JSON content type or one of the headers ${preflightHeaders.join(', ')}.`,
  );
}

function checkTrusted(piece: OperationPiece, trusted: ReadonlySet<string>): void {
  if (piece.hasPersisted) {
    if (piece.persistedId === undefined || !trusted.has(piece.persistedId))
      throw new GraphQLOperationNotTrustedError('This persisted operation is unknown.');
    if (typeof piece.query === 'string' && operationId(piece.query) !== piece.persistedId)
      throw new GraphQLOperationNotTrustedError('The query text does not match the persisted operation.');
    return;
  }
  if (typeof piece.query === 'string' && !trusted.has(operationId(piece.query)))
    throw new GraphQLOperationNotTrustedError(
      'Only trusted operations are accepted: send the id of a persisted operation.',
    );
}

function header(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // Apollo answers the malformed parameter itself
  }
}

/** Runs checks, turning their coded error into the GraphQLError Apollo answers with. */
function guard(checks: () => void): void {
  try {
    checks();
  } catch (err) {
    throw err instanceof GraphQLLimitError ? toGraphQLError(err) : err;
  }
}
