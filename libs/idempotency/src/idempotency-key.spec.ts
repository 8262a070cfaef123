import { formatIdempotencyKey, parseIdempotencyKey, readIdempotencyKey } from './idempotency-key';

describe('Idempotency-Key parsing', () => {
  it.each([
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['  "order:42/retry=1"  ', 'order:42/retry=1'],
    [`"${'k'.repeat(255)}"`, 'k'.repeat(255)],
  ])('reads %s as %s', (field, key) => {
    expect(parseIdempotencyKey(field)).toBe(key);
  });

  it.each([['""'], ['"'], [''], [`"${'k'.repeat(256)}"`], ['"a b"'], ['"a\\"b"'], ['"clé"'], ['a"b']])(
    'refuses %j with BFF_ERR_VALIDATION',
    (field) => {
      expect(() => parseIdempotencyKey(field)).toThrow(
        expect.objectContaining({ code: 'BFF_ERR_VALIDATION' }),
      );
    },
  );

  it('reads the field from raw headers, whatever its case, and refuses it twice', () => {
    expect(readIdempotencyKey(['Host', 'x', 'idempotency-KEY', '"k1"'])).toBe('k1');
    expect(readIdempotencyKey(['Host', 'x'])).toBeUndefined();
    expect(() => readIdempotencyKey(['Idempotency-Key', '"a"', 'idempotency-key', '"a"'])).toThrow(
      /must appear once/,
    );
  });

  it('formats a key as an sf-string for the upstream', () => {
    expect(formatIdempotencyKey('k-1')).toBe('"k-1"');
    expect(() => formatIdempotencyKey('a b')).toThrow();
  });
});
