import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const asRecord = (options = {}) => Object.fromEntries(securityHeaders(options));

  it("is helmet's header set, lower-cased, with our CSP (frame-ancestors 'none', no upgrade-insecure-requests)", () => {
    const headers = asRecord();
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    });
    expect(headers['content-security-policy']).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    expect(headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(Object.keys(headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(headers['x-powered-by']).toBeUndefined();
  });

  it.each([
    [{ hsts: false }, 'strict-transport-security'],
    [{ contentSecurityPolicy: false }, 'content-security-policy'],
  ])('leaves out what is turned off (%j)', (options, missing) => {
    const headers = asRecord(options);
    expect(headers[missing]).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('is computed once: the same frozen list every request copies', () => {
    const list = securityHeaders({});
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list[0])).toBe(true);
  });
});
