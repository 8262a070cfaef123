export { IS_PUBLIC_KEY, Public, type Principal } from '@bff/core';
export * from './auth.constants';
export * from './auth.errors';
export * from './auth-failures';
export * from './auth-options.interface';
export { DEFAULT_JWT_ALGORITHMS, resolveAuthOptions } from './auth-options.validation';
export * from './auth-requirements';
export * from './auth.guard';
export * from './auth.module';
export { AUTH_MODULE_OPTIONS, AUTH_ASYNC_OPTIONS_TYPE, AUTH_OPTIONS_TYPE } from './auth.module-definition';
export * from './authenticate.step';
export * from './authenticator';
export { extractBearerCredentials, type AuthRequest } from './bearer.extractor';
export * from './credential-strategy.interface';
export * from './credential-strategy.registry';
export { CurrentPrincipal } from './current-principal.decorator';
export * from './direct-field-resolvers';
export * from './field-authorization';
export * from './graphql-admission';
export type { JwksFailure, JwksState } from './jwks.resolver';
export * from './jwt-verifier';
export {
  defaultJwtPrincipal,
  isClientTokenRule,
  jwtPrincipalMapper,
  type ClientTokenRule,
  type JwtClaimMapping,
} from './jwt.principal';
export * from './jwt.strategy';
export * from './principal-kinds.decorator';
export * from './route-audit';
export * from './scopes.decorator';
export * from './token-length';
export * from './auth.env';
export * from './api-keys/api-key.secret';
export * from './api-keys/api-key-store.interface';
export * from './api-keys/api-key.manager';
export * from './api-keys/api-key.strategy';
export * from './api-keys/api-keys.module';
export * from './api-keys/file-api-key.store';
export * from './api-keys/memory-api-key.store';
export * from './api-keys/redis-api-key.store';
export * from './introspection/introspection.strategy';
export * from './revocation/token-revocations';
export * from './revocation/memory-token-revocations';
export * from './revocation/redis-token-revocations';
export * from './revocation/token-revocations.module';
