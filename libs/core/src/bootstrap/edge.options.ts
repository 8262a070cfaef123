/** CORS for a BFF that browsers call from other origins (web-bff): an allow-list, with credentials. */
export interface CorsOptions {
  /**
   * Origins allowed to call, exactly as browsers send them in `Origin` (`https://app.example.com`, no path).
   * Any other origin gets no CORS header at all, so the browser withholds the answer. Required, non-empty.
   */
  origins: readonly string[];
  /** How long browsers may cache a preflight answer (`Access-Control-Max-Age`), in seconds. Default is 600. */
  maxAgeSeconds?: number;
  /** Send `Access-Control-Allow-Credentials: true` (cookies, Authorization). Default is true. */
  credentials?: boolean;
  /** Methods a preflight allows. Default is GET, HEAD, POST, PUT, PATCH, DELETE. */
  methods?: readonly string[];
  /**
   * Response headers a page may read beyond the CORS-safelisted ones. Default is `x-request-id`, `Retry-After`,
   * `RateLimit`, `RateLimit-Policy` and `WWW-Authenticate`.
   */
  exposedHeaders?: readonly string[];
}

/** Response compression (gzip, brotli, deflate, as the client accepts) for compressible types such as JSON. */
export interface CompressionOptions {
  /** Smallest answer compressed, in bytes; smaller ones go out as they are. Default is 1024. */
  thresholdBytes?: number;
}

/** Security headers (helmet): on by default; see {@link CoreOptions.securityHeaders}. */
export interface SecurityHeadersOptions {
  /**
   * `Content-Security-Policy` on every answer. Default is on, with helmet's same-origin policy minus
   * `upgrade-insecure-requests` and with `frame-ancestors 'none'`: JSON ignores it, an HTML page served by the
   * BFF (such as a status page) is protected by it. A page that needs a wider policy sends its own header.
   */
  contentSecurityPolicy?: boolean;
  /** `Strict-Transport-Security` (ignored by browsers over plain HTTP). Default is true. */
  hsts?: boolean;
}

export const CORS_DEFAULTS = {
  maxAgeSeconds: 600,
  credentials: true,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  exposedHeaders: ['x-request-id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'WWW-Authenticate'],
} as const;

export const COMPRESSION_DEFAULTS = { thresholdBytes: 1024 } as const;
