import type { FastifyInstance } from 'fastify';
import type { ApiVersionOptions, VersionDeprecation } from './openapi/openapi.types';

/**
 * The headers announcing a deprecated version: `Deprecation: @<unix seconds>` (RFC 9745), `Sunset: <HTTP-date>`
 * (RFC 8594) and `Link: <note>; rel="deprecation"`.
 * @example deprecationHeaders({ deprecatedAt: new Date('2026-12-01T00:00:00Z'), link: '/docs/migrating-to-v2' })
 * @see https://www.rfc-editor.org/rfc/rfc9745 @see https://www.rfc-editor.org/rfc/rfc8594
 */
export function deprecationHeaders(deprecation: VersionDeprecation): Record<string, string> {
  const seconds = Math.floor(deprecation.deprecatedAt.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new TypeError('deprecation.deprecatedAt must be a valid Date');
  const headers: Record<string, string> = {
    Deprecation: `@${seconds}`,
    Link: `<${deprecation.link}>; rel="deprecation"`,
  };
  if (deprecation.sunsetAt) {
    if (!Number.isFinite(deprecation.sunsetAt.getTime()))
      throw new TypeError('deprecation.sunsetAt must be a valid Date');
    headers.Sunset = deprecation.sunsetAt.toUTCString();
  }
  return headers;
}

/**
 * Adds the deprecation headers to every answer of a deprecated version's routes (`/v<n>/...`), errors included,
 * in one `onSend` hook that compares the matched route's template, never the raw URL.
 */
export function installDeprecationHeaders(
  fastify: FastifyInstance,
  versions: Readonly<Record<string, ApiVersionOptions>>,
): void {
  const deprecated = Object.entries(versions)
    .filter(([, options]) => options.deprecation !== undefined)
    .map(([version, options]) => [`/v${version}/`, deprecationHeaders(options.deprecation!)] as const);
  if (deprecated.length === 0) return;
  fastify.addHook('onSend', function addDeprecationHeaders(request, reply, payload, done) {
    const url = request.routeOptions.url;
    if (url !== undefined) {
      for (const [prefix, headers] of deprecated) if (url.startsWith(prefix)) reply.headers(headers);
    }
    done(null, payload);
  });
}
