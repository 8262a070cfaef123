import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { installDeprecationHeaders } from './deprecation.headers';
import { DOCS_ASSETS, DOCS_PAGES, docsController } from './docs/docs.controller';
import { SwaggerUiAssets } from './docs/swagger-ui.assets';
import { CONTRACTS_MODULE_OPTIONS, ConfigurableModuleClass } from './contracts.module-definition';
import type { ContractsModuleOptions } from './contracts.module-options';
import { openApiController } from './openapi/openapi.controller';
import { OpenApiDocuments } from './openapi/openapi-documents';

/**
 * The app's contracts made public: `GET /v<n>/openapi.json` per version (OpenAPI 3.1, from the `@Contract()`s),
 * the deprecation headers on every answer of a deprecated version, and optionally Swagger UI. Validation itself
 * needs no module: `@Contract()` brings its interceptor.
 * @example
 * ContractsModule.forRoot({
 *   title: 'Partner API',
 *   versions: { '1': { deprecation: { deprecatedAt, sunsetAt, link: '/docs/migrating-to-v2' } }, '2': {} },
 *   security: { apiKeyHeader: 'X-API-Key', oauth2: { tokenUrl, scopes: { 'orders:read': 'Read orders' } } },
 *   docs: { path: 'docs' },
 * })
 * @throws TypeError when a version's deprecation dates are invalid (at startup); Error from the document builder
 */
@Module({ imports: [DiscoveryModule], providers: [OpenApiDocuments], exports: [OpenApiDocuments] })
export class ContractsModule extends ConfigurableModuleClass implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CONTRACTS_MODULE_OPTIONS) private readonly options: ContractsModuleOptions,
  ) {
    super();
  }

  static forRoot(options: ContractsModuleOptions): DynamicModule {
    const base = super.forRoot(options);
    const versions = Object.keys(options.versions);
    if (versions.length === 0) throw new TypeError('ContractsModule: at least one version is required');
    const docs = options.docs === undefined || options.docs === false ? undefined : options.docs;
    const path = `/${(docs?.path ?? 'docs').replace(/^\/+|\/+$/g, '')}`;
    const documents = [...versions].reverse().map((version) => ({
      name: `v${version}${options.versions[version].deprecation ? ' (deprecated)' : ''}`,
      url: `/v${version}/openapi.json`,
    }));
    return {
      ...base,
      controllers: [openApiController(versions), ...(docs ? [docsController(path)] : [])],
      providers: [
        ...(base.providers ?? []),
        ...(docs
          ? [
              { provide: DOCS_ASSETS, useValue: new SwaggerUiAssets(path, documents) },
              { provide: DOCS_PAGES, useValue: docs.pages ?? {} },
            ]
          : []),
      ],
    };
  }

  onModuleInit(): void {
    const fastify: FastifyInstance | undefined = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) installDeprecationHeaders(fastify, this.options.versions);
  }
}
