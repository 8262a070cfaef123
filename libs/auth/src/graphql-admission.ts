import {
  AdmissionRegistry,
  staticRoute,
  toGraphQLError,
  type AdmissionOutcome,
  type AdmissionRequest,
  type AdmissionResponse,
  type Principal,
} from '@bff/core';
import { Injectable } from '@nestjs/common';
import type { GraphQLSchema } from 'graphql';
import { AUTH_OPTIONAL_KEY } from './auth.constants';
import { DirectFieldResolvers } from './direct-field-resolvers';
import { FieldAuthorization } from './field-authorization';

/** How a GraphQL endpoint is admitted (it is one route for every operation). */
export interface GraphQLEndpointOptions {
  /**
   * The endpoint serves `@Public()` root fields: credentials are verified when sent but not required, and
   * every other root field asks for a principal itself. Default is false: the whole endpoint is private
   * (introspection included), so a request without credentials is an HTTP 401.
   */
  anonymous?: boolean;
  /**
   * Further route metadata for later admission steps, by key (e.g. a rate-limit policy for the endpoint).
   * Default is none.
   */
  metadata?: Readonly<Record<string, unknown>>;
}

/** What the context factory always puts in the GraphQL context. */
export interface AdmittedGraphQLContext<Req, Res> {
  req: Req;
  res: Res;
}

/**
 * Admission for GraphQL BFFs, once per HTTP request. The context factory admits the request (every registered
 * admission step, authenticate first) before any resolver runs, so a refusal is a real HTTP status with its
 * headers (401 + `WWW-Authenticate`, later 429 + `Retry-After`) instead of a 200 with errors; root-field guards
 * then only read the memoized outcome. `transformSchema` enforces `@Scopes`/`@PrincipalKinds` on field
 * resolvers, wrapping only the fields that declare them.
 *
 * @example
 * GraphQLModule.forRootAsync<ApolloDriverConfig>({
 *   driver: ApolloDriver,
 *   inject: [GraphQLAdmission, CatalogApi],
 *   useFactory: (admission: GraphQLAdmission, catalog: CatalogApi) => ({
 *     autoSchemaFile: true,
 *     context: admission.context((req, res) => ({ req, res, loaders: createCatalogLoaders(catalog) })),
 *     transformSchema: admission.transformSchema,
 *   }),
 * })
 */
@Injectable()
export class GraphQLAdmission {
  constructor(
    private readonly admission: AdmissionRegistry,
    private readonly fields: FieldAuthorization,
    private readonly direct: DirectFieldResolvers,
  ) {}

  /**
   * Wraps a context builder: the request is admitted first, then `build` makes the rest of the context
   * (DataLoaders...). Fastify hands `(request, reply)`; the context always carries them as `req` and `res`.
   * Answers synchronously when admission and `build` did.
   * @throws (as a rejection) a GraphQLError carrying the refusal's HTTP status and headers (`toGraphQLError(err, { http: true })`).
   */
  context<Req extends AdmissionRequest, Res, Ctx extends AdmittedGraphQLContext<Req, Res>>(
    build: (req: Req, res: Res, principal: Principal | undefined) => Ctx | Promise<Ctx>,
    options: GraphQLEndpointOptions = {},
  ): (req: Req, res: Res) => Ctx | Promise<Ctx> {
    const route = staticRoute({ ...options.metadata, [AUTH_OPTIONAL_KEY]: options.anonymous === true });
    const admission = this.admission;
    const admitted = (outcome: AdmissionOutcome, req: Req, res: Res): Ctx | Promise<Ctx> => {
      if (outcome.error) throw toGraphQLError(outcome.error, { http: true });
      return build(req, res, outcome.principal);
    };
    // Not `async`: answered synchronously when admission was (a cached token), one promise less per request
    // (each costs twice under AsyncLocalStorage's hooks). A refusal is always a rejection.
    return function admittedGraphQLContext(req: Req, res: Res): Ctx | Promise<Ctx> {
      try {
        const outcome = admission.admitNow({
          transport: 'graphql',
          request: req,
          response: isResponse(res) ? res : undefined,
          route,
        });
        return outcome instanceof Promise
          ? outcome.then((settled) => admitted(settled, req, res))
          : admitted(outcome, req, res);
      } catch (err) {
        return Promise.reject(err);
      }
    };
  }

  /**
   * For `GraphQLModule`'s `transformSchema`: field resolvers that need nothing of Nest's per-call machinery are
   * called directly ({@link DirectFieldResolvers}: same parameters and answers, far fewer promises per field),
   * then `@Scopes`/`@PrincipalKinds` are enforced on field resolvers (Nest's guards run only on root fields
   * unless `fieldResolverEnhancers` wraps every field). Only fields whose resolver method or class declares
   * requirements are wrapped by the check.
   */
  readonly transformSchema = (schema: GraphQLSchema): GraphQLSchema =>
    this.fields.transformSchema(this.direct.transformSchema(schema));
}

function isResponse(value: unknown): value is AdmissionResponse {
  return typeof (value as AdmissionResponse | undefined)?.header === 'function';
}
