/** Metadata key written by `@Scopes()`: the scopes a route requires (all of them). */
export const SCOPES_KEY = 'bff:scopes';
