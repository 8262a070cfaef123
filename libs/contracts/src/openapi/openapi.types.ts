import type { CompiledContract } from '../contract.decorator';

/** A version's end of life, announced on every answer of it (RFC 9745 `Deprecation`, RFC 8594 `Sunset`). */
export interface VersionDeprecation {
  /** When the version was deprecated (the `Deprecation` date). */
  deprecatedAt: Date;
  /** When it stops answering (the `Sunset` date). Default is none announced. */
  sunsetAt?: Date;
  /** Where the migration note is: the `Link` with `rel="deprecation"`, e.g. `/docs/migrating-to-v2`. */
  link: string;
}

/** What the document of one API version says beyond its routes. */
export interface ApiVersionOptions {
  /** CommonMark for the document's `info.description`. */
  description?: string;
  /** Set once the version is deprecated: its answers carry the headers, its operations `deprecated: true`. */
  deprecation?: VersionDeprecation;
}

/** The credentials the API accepts, as the document's security schemes. */
export interface ApiSecurityOptions {
  /** Header of the API key scheme, e.g. `X-API-Key`. Default is no API key scheme. */
  apiKeyHeader?: string;
  /** OAuth 2.0 client-credentials flow. Default is no OAuth scheme. */
  oauth2?: {
    /** The identity provider's token endpoint. */
    tokenUrl: string;
    /** Every scope a route may require, with a line of description (a route using another is a startup error). */
    scopes: Readonly<Record<string, string>>;
  };
}

/** A route with a contract, as discovered in the app (one per version it answers). */
export interface ContractRoute {
  /** Lower-case HTTP method. */
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. `/v1/orders/{id}`. */
  path: string;
  /** The API version (`'1'`), or undefined for an unversioned route. */
  version: string | undefined;
  /** Default operation id: `<controller>.<method>`. */
  name: string;
  contract: CompiledContract;
  /** Scopes the auth guard requires (`@Scopes`). */
  scopes: readonly string[];
  /** `@Public()`: no credentials needed. */
  public: boolean;
  /** Not `@SkipRateLimit()`: answers carry the RateLimit headers and may be 429. */
  rateLimited: boolean;
}
