import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLAdmission } from '@bff/auth';
import { degradedExtensionPlugin, formatGraphQLError } from '@bff/core';
import { graphQLHardening } from '@bff/graphql';
import { BffPlatformModule } from '@bff/platform';
import { rateLimitGraphQLPlugin } from '@bff/rate-limit';
import { CatalogApi, demoUpstreamTuning, UpstreamsModule } from '@bff/upstreams';
import type { WebBffConfig } from './config';
import { graphQLContextFactory } from './graphql/graphql-context';
import { WEB_BFF_RESOLVERS } from './graphql/resolvers';

/** The web BFF: code-first GraphQL for the web app, with per-request DataLoaders. */
@Module({})
export class WebBffModule {
  static forRoot(config: WebBffConfig): DynamicModule {
    return {
      module: WebBffModule,
      imports: [
        BffPlatformModule.forRoot(config, demoUpstreamTuning({ cacheCatalog: true })),
        UpstreamsModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [UpstreamsModule],
          inject: [GraphQLAdmission, CatalogApi],
          useFactory: (admission: GraphQLAdmission, catalog: CatalogApi) => {
            // Limits before execution, persisted operations, CSRF prevention and the production defaults.
            const hardening = graphQLHardening({
              production: config.graphql.production,
              limits: config.graphql.limits,
              persistedOperations: config.graphql.persistedOperations,
              // the rate limit charges each operation its estimated cost, after the limits plugin estimated it
              plugins: [rateLimitGraphQLPlugin(), degradedExtensionPlugin()],
            });
            return {
              path: '/graphql',
              autoSchemaFile: true,
              sortSchema: true,
              ...hardening.apolloOptions,
              formatError: hardening.formatError(formatGraphQLError),
              context: hardening.context(graphQLContextFactory(admission, catalog)),
              transformSchema: admission.transformSchema,
            };
          },
        }),
      ],
      providers: WEB_BFF_RESOLVERS,
    };
  }
}
