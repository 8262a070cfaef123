import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { CONTRACTS_MODULE_OPTIONS } from '../contracts.module-definition';
import type { ContractsModuleOptions } from '../contracts.module-options';
import { contractRoutes } from './contract-routes';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.builder';

/**
 * The app's OpenAPI documents, one per configured version, built once at startup from the routes' contracts (a
 * contract that cannot be documented, such as an example breaking its schema, stops the app there).
 */
@Injectable()
export class OpenApiDocuments implements OnApplicationBootstrap {
  private readonly byVersion = new Map<string, OpenApiDocument>();

  constructor(
    @Inject(CONTRACTS_MODULE_OPTIONS) private readonly options: ContractsModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const routes = contractRoutes(this.discovery, this.scanner, this.reflector);
    for (const [version, versionOptions] of Object.entries(this.options.versions)) {
      const document = buildOpenApiDocument(
        routes.filter((route) => route.version === version),
        {
          title: this.options.title,
          version,
          versionOptions,
          security: this.options.security,
          servers: this.options.servers,
        },
      );
      this.byVersion.set(version, document);
    }
  }

  /** The document of `version`, or undefined for a version the app does not have. */
  document(version: string): OpenApiDocument | undefined {
    return this.byVersion.get(version);
  }
}
