import helmet, { type HelmetOptions } from 'helmet';
import type { SecurityHeadersOptions } from './edge.options';

/** A response header as `[lower-case name, value]`. */
export type StaticHeader = readonly [name: string, value: string];

/**
 * The security headers of every answer, computed once at startup by helmet itself from
 * {@link SecurityHeadersOptions}, so that a request only copies them (see `installRequestHooks`).
 *
 * `@fastify/helmet` rebuilds the helmet middleware on every request (parsing the CSP directives each time) in two
 * `async` onRequest hooks: about 4 % of the mobile-bff's CPU per `GET /v1/home`. Our configuration has no
 * per-request part (no CSP nonces, no function directives, no per-route options), so the header set is a
 * constant: helmet runs once here against a recording response. Helmet's removal of `X-Powered-By` is moot,
 * since neither Node nor Fastify sets it.
 *
 * @example
 * securityHeaders({ hsts: false }); // [['content-security-policy', "default-src 'self';..."], ['x-frame-options', 'SAMEORIGIN'], ...]
 * @throws Error from helmet when the options are invalid (at startup)
 */
export function securityHeaders(options: SecurityHeadersOptions): readonly StaticHeader[] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]): void {
      headers.set(name.toLowerCase(), String(value));
    },
    removeHeader(name: string): void {
      headers.delete(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(helmetOptions(options))({} as never, recorder as never, (err?: unknown) => (failure = err));
  if (failure) throw failure;
  return Object.freeze([...headers].map(([name, value]) => Object.freeze([name, value] as const)));
}

function helmetOptions(options: SecurityHeadersOptions): HelmetOptions {
  return {
    contentSecurityPolicy:
      options.contentSecurityPolicy === false
        ? false
        : {
            directives: {
              // Plain-HTTP deployments (the demo stack, behind a TLS proxy) would break their own pages.
              upgradeInsecureRequests: null,
              frameAncestors: ["'none'"],
            },
          },
    ...(options.hsts === false ? { hsts: false } : {}),
  };
}
