import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLAdmission } from '@bff/auth';
import { degradedExtensionPlugin, formatGraphQLError } from '@bff/core';
import { BffPlatformModule } from '@bff/platform';
import { CatalogApi, UpstreamsModule } from '@bff/upstreams';
import type { WebBffConfig } from './config';
import { OrderItemResolver, ProductResolver } from './graphql/catalog.resolvers';
import { graphQLContextFactory } from './graphql/graphql-context';
import { OrderResolver } from './graphql/order.resolver';
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
          inject: [GraphQLAdmission, CatalogApi],
          useFactory: (admission: GraphQLAdmission, catalog: CatalogApi) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            playground: false,
            introspection: true,
            includeStacktraceInErrorResponses: false,
            formatError: formatGraphQLError,
            context: graphQLContextFactory(admission, catalog),
            transformSchema: admission.transformSchema,
            plugins: [degradedExtensionPlugin()],
          }),
        }),
      ],
      providers: [ViewerResolver, OrderResolver, OrderItemResolver, ProductResolver],
    };
  }
}
