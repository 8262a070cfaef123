import type { Principal } from '../context/principal';

/** Where a request came in. GraphQL admits once per HTTP request, however many root fields it selects. */
export type AdmissionTransport = 'http' | 'graphql';

/**
 * The metadata of the route being admitted, read the same way for REST and GraphQL: for a REST handler it is
 * the handler's and its class's decorator metadata (the handler's setting wins); for a GraphQL endpoint it is
 * what the endpoint declares once. Steps read their own keys (`IS_PUBLIC_KEY`, `SCOPES_KEY`, a rate-limit
 * policy...).
 * @example const isPublic = ctx.route.get<boolean>(IS_PUBLIC_KEY) === true;
 */
export interface AdmissionRoute {
  /** The metadata value under `key`, or undefined when the route does not set it. */
  get<T>(key: string): T | undefined;
}

/** What admission reads from a request (Fastify's or Express's) and the one thing it writes back. */
export interface AdmissionRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Fastify: the Node request, whose `rawHeaders` keep duplicates that `headers` folds away. */
  raw?: { rawHeaders?: string[] };
  /** Express / plain Node. */
  rawHeaders?: string[];
  /** The verified caller, once the authenticate step has run. */
  principal?: Principal;
}

/** The reply admission may add headers to (e.g. `RateLimit`), when the transport has one. */
export interface AdmissionResponse {
  header(name: string, value: string): unknown;
}

/** What one admission step sees; steps run in order and share it. */
export interface AdmissionContext {
  readonly transport: AdmissionTransport;
  readonly request: AdmissionRequest;
  /** Undefined when the transport has no reply to write to. */
  readonly response?: AdmissionResponse;
  readonly route: AdmissionRoute;
  /** The verified caller: set by the authenticate step, read by later ones (rate limit keys on it). */
  principal?: Principal;
}

/**
 * One step of admission: what a request must pass, once per HTTP request, before any controller or resolver
 * runs. Steps throw a coded error to refuse (401, 403, 429...); its status and headers become the answer on
 * REST and GraphQL alike.
 *
 * @example
 * class TenantFreezeStep implements AdmissionStep {
 *   readonly name = 'tenant-freeze';
 *   readonly order = ADMISSION_ORDER.authenticate + 10;
 *   admit(ctx: AdmissionContext) {
 *     if (ctx.principal?.tenant && this.frozen.has(ctx.principal.tenant)) throw new ForbiddenError('Tenant frozen.');
 *   }
 * }
 */
export interface AdmissionStep {
  /** Short name for logs and metrics, e.g. `authenticate`. */
  readonly name: string;
  /** Position in the list: lower runs first (see {@link ADMISSION_ORDER}). */
  readonly order: number;
  /** Lets the request through (returns) or refuses it (throws a coded error). */
  admit(ctx: AdmissionContext): void | Promise<void>;
}

/**
 * Where the framework's own steps sit. The per-IP shield first (a flood of bad or missing credentials is turned
 * away before any signature check), authentication before rate limiting (an anonymous flood must not burn the
 * shared counter store), rate limiting before the GraphQL cost check and any fan-out.
 */
export const ADMISSION_ORDER = Object.freeze({ shield: 50, authenticate: 100, rateLimit: 200, cost: 300 });

/** The memoized result of a request's admission: the principal, or the error that refused it. */
export interface AdmissionOutcome {
  /** The verified caller; undefined on public routes or when no credentials were needed or sent. */
  readonly principal?: Principal;
  /** Set when a step refused the request; the transport renders it (problem+json, HTTP GraphQL error). */
  readonly error?: unknown;
}
