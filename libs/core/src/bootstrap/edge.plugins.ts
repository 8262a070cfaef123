import { fastifyCompress } from '@fastify/compress';
import { fastifyCors } from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { originProblem } from '../config/http-env';
import {
  COMPRESSION_DEFAULTS,
  CORS_DEFAULTS,
  type CompressionOptions,
  type CorsOptions,
  type SecurityHeadersOptions,
} from './edge.options';

/** The edge options of {@link CoreOptions}. */
export interface EdgeOptions {
  cors?: CorsOptions | false;
  compression?: CompressionOptions | false;
  securityHeaders?: SecurityHeadersOptions | false;
}

/**
 * Checks the edge options eagerly, so a bad origin or threshold stops startup with a clear message.
 * @throws TypeError naming the option
 */
export function validateEdgeOptions(options: EdgeOptions): void {
  const { cors, compression } = options;
  if (cors) {
    if (!Array.isArray(cors.origins) || cors.origins.length === 0) {
      throw new TypeError('cors.origins must list at least one origin (or set cors: false)');
    }
    for (const origin of cors.origins) {
      const problem = originProblem(origin);
      if (problem) throw new TypeError(`cors.origins: ${problem}`);
    }
    const maxAge = cors.maxAgeSeconds;
    if (maxAge !== undefined && (!Number.isInteger(maxAge) || maxAge < 0)) {
      throw new TypeError('cors.maxAgeSeconds must be a non-negative integer number of seconds');
    }
  }
  if (compression) {
    const threshold = compression.thresholdBytes;
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 0)) {
      throw new TypeError('compression.thresholdBytes must be a non-negative integer number of bytes');
    }
  }
}

/**
 * Registers the edge plugins every BFF shares, from the Fastify ecosystem: the CORS allow-list (@fastify/cors)
 * and response compression (@fastify/compress). Call before `app.init()`: compression wraps the routes
 * registered after it. The security headers are helmet's, computed once (see `securityHeaders`) and written
 * by the request hooks.
 */
export async function registerEdgePlugins(app: NestFastifyApplication, options: EdgeOptions): Promise<void> {
  const { cors, compression } = options;
  if (cors) await app.register(fastifyCors, corsOptions(cors));
  if (compression !== false) {
    await app.register(fastifyCompress, {
      global: true,
      threshold: (compression ?? {}).thresholdBytes ?? COMPRESSION_DEFAULTS.thresholdBytes,
    });
  }
}

function corsOptions(options: CorsOptions) {
  const allowed = new Set(options.origins);
  return {
    // A function, so an unknown origin gets no CORS header at all (with a list, credentials would still show).
    origin: function isAllowedOrigin(
      origin: string | undefined,
      callback: (err: Error | null, allow: boolean) => void,
    ): void {
      callback(null, origin !== undefined && allowed.has(origin));
    },
    credentials: options.credentials ?? CORS_DEFAULTS.credentials,
    methods: [...(options.methods ?? CORS_DEFAULTS.methods)],
    exposedHeaders: [...(options.exposedHeaders ?? CORS_DEFAULTS.exposedHeaders)],
    maxAge: options.maxAgeSeconds ?? CORS_DEFAULTS.maxAgeSeconds,
    preflight: true,
    // A preflight without Access-Control-Request-Method is answered like one, not with a text/plain 400.
    strictPreflight: false,
  };
}
