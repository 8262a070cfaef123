import type { ApiSecurityOptions, ApiVersionOptions } from './openapi/openapi.types';

/** A page the docs route serves besides Swagger UI, e.g. a migration note. */
export interface DocsPage {
  /** Media type, e.g. `text/markdown; charset=utf-8`. */
  contentType: string;
  body: string;
}

/** Options of `ContractsModule`. */
export interface ContractsModuleOptions {
  /** The API's name (`info.title`). */
  title: string;
  /** Every URI version the app answers (`'1'` → `/v1/...`), each with its document's extras; newest last. */
  versions: Readonly<Record<string, ApiVersionOptions>>;
  /** The security schemes of every document. */
  security: ApiSecurityOptions;
  /** `servers` of every document. Default is none (tools use the document's own origin). */
  servers?: readonly { url: string; description?: string }[];
  /**
   * The Swagger UI page (`GET /<path>`, assets from the installed swagger-ui-dist, no CDN) and extra pages
   * under it (`GET /<path>/<name>`). Default is false (off).
   */
  docs?: false | { path?: string; pages?: Readonly<Record<string, DocsPage>> };
}
