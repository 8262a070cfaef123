import { AdmissionRegistry } from '@bff/core';
import { authHealthContribution } from './auth.health';
import { AuthFailures } from './auth-failures';
import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import type { AuthModuleOptions } from './auth-options.interface';
import { resolveAuthOptions } from './auth-options.validation';
import { AuthGuard } from './auth.guard';
import { AUTH_MODULE_OPTIONS, ConfigurableModuleClass } from './auth.module-definition';
import { AuthenticateStep } from './authenticate.step';
import { Authenticator } from './authenticator';
import { CredentialStrategyRegistry } from './credential-strategy.registry';
import { DirectFieldResolvers } from './direct-field-resolvers';
import { FieldAuthorization } from './field-authorization';
import { GraphQLAdmission } from './graphql-admission';
import { JwtStrategy } from './jwt.strategy';
import { RouteAudit } from './route-audit';

/**
 * Authentication for a BFF. Provides the {@link AdmissionRegistry} and registers its first step,
 * {@link AuthenticateStep} (every route needs a verified principal unless `@Public()`); registers JWT as the
 * default credential strategy in the {@link CredentialStrategyRegistry}; installs {@link AuthGuard} globally,
 * which admits each REST request once and checks GraphQL root fields; and provides {@link GraphQLAdmission}
 * for GraphQL endpoints. Options are validated when the app starts; the identity provider is contacted
 * lazily, on the first token.
 *
 * Other libs add admission steps (`AdmissionRegistry.register`) and credential strategies
 * (`CredentialStrategyRegistry.register`) from their own modules; see the README.
 *
 * @example
 * AuthModule.forRootAsync({
 *   inject: [AppConfig],
 *   useFactory: (c: AppConfig) => ({ jwt: { issuer: c.authIssuer, jwksUrl: c.authJwksUrl, audience: c.authAudience } }),
 * })
 * @throws ConfigError (BFF_ERR_CONFIG) at startup when the options are invalid.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    AdmissionRegistry,
    authHealthContribution,
    {
      provide: CredentialStrategyRegistry,
      inject: [AUTH_MODULE_OPTIONS],
      useFactory: (options: AuthModuleOptions) =>
        // JWT is the default registration; further strategies follow in the order given.
        new CredentialStrategyRegistry([JwtStrategy.fromOptions(options), ...(options.strategies ?? [])]),
    },
    {
      provide: Authenticator,
      inject: [CredentialStrategyRegistry, AUTH_MODULE_OPTIONS],
      useFactory: (strategies: CredentialStrategyRegistry, options: AuthModuleOptions) =>
        new Authenticator(strategies, resolveAuthOptions(options).realm, {
          principalKinds: options.principalKinds,
        }),
    },
    AuthFailures,
    AuthenticateStep,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
    FieldAuthorization,
    DirectFieldResolvers,
    GraphQLAdmission,
    RouteAudit,
  ],
  exports: [
    AdmissionRegistry,
    CredentialStrategyRegistry,
    Authenticator,
    AuthGuard,
    GraphQLAdmission,
    DirectFieldResolvers,
    RouteAudit,
  ],
})
export class AuthModule extends ConfigurableModuleClass {
  constructor(admission: AdmissionRegistry, authenticate: AuthenticateStep) {
    super();
    admission.register(authenticate);
  }
}
