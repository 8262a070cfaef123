import { Controller, Get, Inject, Param, Res, type Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public, ResourceNotFoundError, SkipRateLimit } from '@bff/core';
import type { DocsPage } from '../contracts.module-options';
import { SwaggerUiAssets, type DocsAsset } from './swagger-ui.assets';

/** Token of the assets the docs controller serves. */
export const DOCS_ASSETS = Symbol('bff.contracts.docsAssets');
/** Token of the extra pages the docs controller serves. */
export const DOCS_PAGES = Symbol('bff.contracts.docsPages');

/**
 * `GET /<path>` (Swagger UI), `GET /<path>/<asset>` and `GET /<path>/<page>`: public and not rate limited
 * (static files); anything else under the path is a 404 problem.
 */
export function docsController(path: string): Type<unknown> {
  @Controller(path)
  @Public()
  @SkipRateLimit()
  class DocsController {
    constructor(
      @Inject(DOCS_ASSETS) private readonly assets: SwaggerUiAssets,
      @Inject(DOCS_PAGES) private readonly pages: Readonly<Record<string, DocsPage>>,
    ) {}

    @Get()
    page(@Res() reply: FastifyReply): void {
      send(reply, this.assets.page(), 'no-cache');
    }

    @Get(':name')
    file(@Param('name') name: string, @Res() reply: FastifyReply): void {
      const page = Object.hasOwn(this.pages, name) ? this.pages[name] : undefined;
      const found = page ?? this.assets.asset(name);
      if (found === undefined) throw new ResourceNotFoundError('No such documentation page.');
      send(reply, found, page ? 'no-cache' : 'public, max-age=3600');
    }
  }
  return DocsController;
}

function send(reply: FastifyReply, asset: DocsAsset, cacheControl: string): void {
  void reply.type(asset.contentType).header('cache-control', cacheControl).send(asset.body);
}
