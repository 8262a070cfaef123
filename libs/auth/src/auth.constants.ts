/** Metadata key written by `@Scopes()`: the scopes a route requires (all of them). */
export const SCOPES_KEY = 'bff:scopes';

/** Metadata key written by `@PrincipalKinds()`: the kinds of principal a route serves (any of them). */
export const PRINCIPAL_KINDS_KEY = 'bff:principalKinds';

/**
 * Route metadata key: credentials are verified when sent but not required. Set on GraphQL endpoints that
 * serve `@Public()` root fields (see `GraphQLAdmission.context({ anonymous: true })`); their other fields still
 * need a principal.
 */
export const AUTH_OPTIONAL_KEY = 'bff:authOptional';
