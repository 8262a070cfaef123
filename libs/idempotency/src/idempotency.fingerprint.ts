import { createHash } from 'node:crypto';

/**
 * The fingerprint of a write: SHA-256 (64 hex characters) of its method, its path with query, and its body as
 * canonical JSON (object keys sorted at every depth, no whitespace), so the same request sent with its fields
 * in another order, or `2.0` for `2`, is the same write, and any other change is another one.
 * @example requestFingerprint('POST', '/v1/orders', { items: [{ quantity: 2, productId: 'p42' }] })
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n`)
    .update(canonicalJson(body))
    .digest('hex');
}

/**
 * JSON with the keys of every object sorted (by UTF-16 code units, as RFC 8785 orders them), `undefined`
 * members left out as `JSON.stringify` does; an absent body is `null`.
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
