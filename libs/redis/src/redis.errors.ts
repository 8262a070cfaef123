import { BffError } from '@bff/core';

/**
 * Redis cannot answer now: not connected (down, reconnecting, closed) or a command timed out. Raised at
 * once, never after a wait in an offline queue; carries `Retry-After: 1`. Callers fall back (a local
 * limiter, no cache) or fail closed. The detail names the connection state and error code, never the host.
 * @example
 * if (err.code === RedisUnavailableError.code) ... // 'BFF_ERR_REDIS_UNAVAILABLE', 503
 */
export class RedisUnavailableError extends BffError {
  static override readonly code = 'BFF_ERR_REDIS_UNAVAILABLE';
  static override readonly status = 503;
  static override readonly title = 'Shared store unavailable';

  constructor(detail: string, options: { cause?: unknown } = {}) {
    super(detail, { ...options, headers: { 'Retry-After': '1' } });
  }
}
