import { Type, type TUnsafe } from '@sinclair/typebox';

/**
 * A string enum as JSON Schema's `enum` (one clear error, "must be one of ..."), typed as the union of its values;
 * TypeBox's literal unions become `anyOf` of constants.
 * @example const Status = StringEnum(['pending', 'paid']); type Status = Static<typeof Status>; // 'pending' | 'paid'
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; examples?: T[number][] } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
