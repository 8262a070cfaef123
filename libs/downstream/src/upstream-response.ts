import type { Dispatcher } from 'undici';
import type { UpstreamResponse } from './downstream.options';
import { badGateway, FAILURE_STATUSES } from './upstream-failure';

const JSON_TYPE = /json/i;

/**
 * Reads an undici response into an {@link UpstreamResponse}: a failure status or an oversized body is a bad
 * gateway (its body is drained or dropped, never exposed), JSON is parsed (invalid JSON on a 2xx is a bad
 * gateway), other text is returned as is, an empty body is `undefined`.
 * @throws DownstreamBadGatewayError (BFF_ERR_DOWNSTREAM_BAD_GATEWAY)
 */
export async function readUpstreamResponse<T>(
  upstream: string,
  res: Dispatcher.ResponseData,
  maxResponseBytes: number,
): Promise<UpstreamResponse<T>> {
  const { statusCode, headers, body } = res;
  if (FAILURE_STATUSES.has(statusCode)) {
    body.dump().catch(() => undefined); // drains (up to 128 KiB) so the socket is reused
    throw badGateway(upstream, `answered ${statusCode}`);
  }
  const length = Number(headers['content-length']);
  if (Number.isFinite(length) && length > maxResponseBytes) {
    body.destroy();
    throw badGateway(upstream, `sent a body over ${maxResponseBytes} bytes`);
  }
  // The pool's maxResponseSize bounds bodies without a content-length.
  const ok = statusCode >= 200 && statusCode < 300;
  const type = headers['content-type'];
  if (statusCode === 204 || length === 0 || typeof type !== 'string' || !JSON_TYPE.test(type)) {
    const text = await body.text();
    return { status: statusCode, ok, body: (text.length > 0 ? text : undefined) as T, headers };
  }
  try {
    // undici parses straight from its buffered chunks: no intermediate string kept around.
    return { status: statusCode, ok, body: (await body.json()) as T, headers };
  } catch (err) {
    if (ok && err instanceof SyntaxError) throw badGateway(upstream, 'sent an unparseable JSON body', err);
    if (err instanceof SyntaxError) return { status: statusCode, ok, body: undefined as T, headers };
    throw err;
  }
}
