import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthModuleOptions } from './auth-options.interface';
import { AuthGuard } from './auth.guard';
import { AUTH_MODULE_OPTIONS, ConfigurableModuleClass } from './auth.module-definition';
import { Authenticator } from './authenticator';

/**
 * Authentication for a BFF: registers {@link AuthGuard} globally (every route needs a verified principal
 * unless `@Public()`) and provides the {@link Authenticator}. Options are validated when the app starts;
 * the identity provider is contacted lazily, on the first token.
 *
 * Import it before any rate-limit module: global guards run in registration order, and rate limits key on
 * the verified principal.
 *
 * @example
 * AuthModule.forRootAsync({
 *   inject: [AppConfig],
 *   useFactory: (c: AppConfig) => ({ jwt: { issuer: c.authIssuer, jwksUrl: c.authJwksUrl, audience: c.authAudience } }),
 * })
 * @throws ConfigError (BFF_ERR_CONFIG) at startup when the options are invalid.
 */
@Module({
  providers: [
    {
      provide: Authenticator,
      inject: [AUTH_MODULE_OPTIONS],
      useFactory: (options: AuthModuleOptions) => Authenticator.fromOptions(options),
    },
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [Authenticator, AuthGuard],
})
export class AuthModule extends ConfigurableModuleClass {}
