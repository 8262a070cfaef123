import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { Authenticator } from '@bff/auth';
import { formatGraphQLError } from '@bff/core';
import { graphQLHardening } from '@bff/graphql';
import { BffPlatformModule } from '@bff/platform';
import { CatalogApi, UpstreamsModule } from '@bff/upstreams';
import type { WebBffConfig } from './config';
import { OrderItemResolver, ProductResolver } from './graphql/catalog.resolvers';
import { graphQLContextFactory } from './graphql/graphql-context';
import { ViewerResolver } from './graphql/viewer.resolver';

/** The web BFF: code-first GraphQL for the web app, with per-request DataLoaders. */
@Module({})
export class WebBffModule {
  static forRoot(config: WebBffConfig): DynamicModule {
    return {
      module: WebBffModule,
      imports: [
        BffPlatformModule.forRoot(config),
        UpstreamsModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [UpstreamsModule],
          inject: [Authenticator, CatalogApi],
          useFactory: (authenticator: Authenticator, catalog: CatalogApi) => {
            // Limits before execution, persisted operations, CSRF prevention and the production defaults.
            const hardening = graphQLHardening({
              production: config.graphql.production,
              limits: config.graphql.limits,
              persistedOperations: config.graphql.persistedOperations,
            });
            return {
              path: '/graphql',
              autoSchemaFile: true,
              sortSchema: true,
              ...hardening.apolloOptions,
              formatError: hardening.formatError(formatGraphQLError),
              context: hardening.context(graphQLContextFactory(authenticator, catalog)),
            };
          },
        }),
      ],
      providers: [ViewerResolver, OrderItemResolver, ProductResolver],
    };
  }
}
