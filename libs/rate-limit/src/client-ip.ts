import type { AdmissionRequest } from '@bff/core';

/**
 * The client address of a request as the HTTP server established it: Fastify's `request.ip`, which honours
 * `X-Forwarded-For` only when the app trusts its proxy (core's `TRUST_PROXY`), else the socket's peer. Never
 * a header read here. `''` when unknown (then `keyFor` counts it as `ip:unknown`).
 */
export function clientIpOf(request: AdmissionRequest): string {
  const candidate = request as AdmissionRequest & {
    ip?: string;
    socket?: { remoteAddress?: string };
  };
  return candidate.ip ?? candidate.socket?.remoteAddress ?? '';
}
