import { DownstreamBadGatewayError, type UpstreamResponse } from '@bff/downstream';

/**
 * The body of a 2xx answer, `null` for a 404, and a bad gateway for any other 4xx: the BFF built the request,
 * so an upstream refusing it is the BFF's or the upstream's fault, never the client's.
 * @throws DownstreamBadGatewayError (BFF_ERR_DOWNSTREAM_BAD_GATEWAY)
 */
export function bodyOrNull<T>(upstream: string, res: UpstreamResponse<T>): T | null {
  if (res.ok) return res.body;
  if (res.status === 404) return null;
  throw new DownstreamBadGatewayError(
    upstream,
    `The ${upstream} upstream refused the request (${res.status}).`,
  );
}

/** Like {@link bodyOrNull}, but a 404 is a bad gateway too (for collection endpoints that always exist). */
export function bodyOf<T>(upstream: string, res: UpstreamResponse<T>): T {
  const body = bodyOrNull(upstream, res);
  if (body === null)
    throw new DownstreamBadGatewayError(upstream, `The ${upstream} upstream answered 404 on a collection.`);
  return body;
}
