import { Controller, Get, Inject, Req, type Type } from '@nestjs/common';
import { Public, ResourceNotFoundError, SkipRateLimit } from '@bff/core';
import { OpenApiDocuments } from './openapi-documents';
import type { OpenApiDocument } from './openapi-document.builder';

/**
 * `GET /v<n>/openapi.json` for each of `versions` (public, not rate limited: a static document); the version is
 * the matched route's.
 */
export function openApiController(versions: readonly string[]): Type<unknown> {
  @Controller({ version: [...versions] })
  @Public()
  @SkipRateLimit()
  class OpenApiController {
    constructor(@Inject(OpenApiDocuments) private readonly documents: OpenApiDocuments) {}

    @Get('openapi.json')
    document(@Req() request: { routeOptions?: { url?: string } }): OpenApiDocument {
      const version = /^\/v([^/]+)\//.exec(request.routeOptions?.url ?? '')?.[1];
      const document = version === undefined ? undefined : this.documents.document(version);
      if (document === undefined) throw new ResourceNotFoundError('No document for this version.');
      return document;
    }
  }
  return OpenApiController;
}
