import { REDACTED, redactSecrets } from './log-redaction';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';

describe('redactSecrets', () => {
  it.each([
    [{ headers: { authorization: `Bearer ${JWT}` } }, { headers: { authorization: REDACTED } }],
    [
      { req: { headers: { 'x-api-key': 'k', Cookie: 'a=b' } } },
      { req: { headers: { 'x-api-key': REDACTED, Cookie: REDACTED } } },
    ],
    [
      { a: { b: { c: { d: { refresh_token: 't', clientSecret: 's', password: 'p' } } } } },
      { a: { b: { c: { d: { refresh_token: REDACTED, clientSecret: REDACTED, password: REDACTED } } } } },
    ],
    [{ url: `/cb?access_token=${JWT}&x=1` }, { url: `/cb?access_token=${REDACTED}&x=1` }],
    [{ detail: `got Bearer abc.def-123 from client` }, { detail: `got Bearer ${REDACTED} from client` }],
    [{ list: [{ token: 'x' }, 'plain'] }, { list: [{ token: REDACTED }, 'plain'] }],
    [
      { route: '/v1/home', status: 200, durationMs: 3 },
      { route: '/v1/home', status: 200, durationMs: 3 },
    ],
  ])('%j → %j', (input, expected) => {
    const before = JSON.stringify(input);
    expect(redactSecrets(input)).toEqual(expected);
    expect(JSON.stringify(input)).toBe(before); // the caller's object is untouched
  });

  it('returns the same object when nothing is secret (no copy on the access-log path)', () => {
    const line = { method: 'GET', route: '/v1/home', status: 200 };
    expect(redactSecrets(line)).toBe(line);
  });

  it('redacts tokens in an error message and stack', () => {
    const err = new Error(`verify failed for ${JWT}`);
    const out = redactSecrets({ err }) as { err: { message: string; stack: string } };
    expect(out.err.message).toBe(`verify failed for ${REDACTED}`);
    expect(out.err.stack).not.toContain(JWT);
    expect(err.message).toContain(JWT);
  });
});
