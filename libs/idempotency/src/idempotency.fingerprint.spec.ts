import { canonicalJson, requestFingerprint } from './idempotency.fingerprint';

describe('requestFingerprint', () => {
  const order = { items: [{ productId: 'p42', quantity: 2 }] };

  it('is the same for the same write, whatever the key order or number spelling', () => {
    const same = JSON.parse('{"items":[{"quantity":2.0,"productId":"p42"}],"note":null}');
    delete same.note;
    expect(requestFingerprint('post', '/v1/orders', same)).toBe(
      requestFingerprint('POST', '/v1/orders', order),
    );
    expect(requestFingerprint('POST', '/v1/orders', order)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['another method', 'PUT', '/v1/orders', order],
    ['another path', 'POST', '/v1/carts', order],
    ['another quantity', 'POST', '/v1/orders', { items: [{ productId: 'p42', quantity: 3 }] }],
    ['another item order', 'POST', '/v1/orders', { items: [order.items[0], order.items[0]] }],
    ['no body', 'POST', '/v1/orders', undefined],
  ])('differs for %s', (_what, method, url, body) => {
    expect(requestFingerprint(method, url, body)).not.toBe(requestFingerprint('POST', '/v1/orders', order));
  });

  it('writes canonical JSON: sorted keys at every depth, undefined members left out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, e: 'x' }], u: undefined })).toBe(
      '{"a":[{"d":2,"e":"x"}],"b":1}',
    );
    expect(canonicalJson([undefined, null])).toBe('[null,null]');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
