import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { Authenticator, AuthModule } from '@bff/auth';
import { formatGraphQLError } from '@bff/core';
import { DownstreamModule } from '@bff/downstream';
import { httpReachable, MetricsService, ObservabilityModule } from '@bff/observability';
import { CatalogApi, UpstreamsModule } from '@bff/upstreams';
import type { WebBffConfig } from './config';
import { OrderItemResolver, ProductResolver } from './graphql/catalog.resolvers';
import { graphQLContextFactory } from './graphql/graphql-context';
import { ViewerResolver } from './graphql/viewer.resolver';

/** The web BFF: code-first GraphQL for the web app, with per-request DataLoaders. */
@Module({})
export class WebBffModule {
  static forRoot(config: WebBffConfig): DynamicModule {
    const upstreams = Object.fromEntries(Object.entries(config.upstreams).map(([name, baseUrl]) => [name, { baseUrl }]));
    return {
      module: WebBffModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: config.name,
          readinessChecks: Object.fromEntries(Object.entries(config.upstreams).map(([n, url]) => [n, httpReachable(url)])),
        }),
        AuthModule.forRoot({ jwt: { issuer: config.auth.issuer, jwksUrl: config.auth.jwksUrl, audience: config.auth.audience } }),
        DownstreamModule.forRootAsync({
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => ({ upstreams, onCall: (call) => metrics.recordUpstream(call) }),
        }),
        UpstreamsModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [UpstreamsModule],
          inject: [Authenticator, CatalogApi],
          useFactory: (authenticator: Authenticator, catalog: CatalogApi) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            playground: false,
            introspection: true,
            includeStacktraceInErrorResponses: false,
            formatError: formatGraphQLError,
            context: graphQLContextFactory(authenticator, catalog),
          }),
        }),
      ],
      providers: [ViewerResolver, OrderItemResolver, ProductResolver],
    };
  }
}
