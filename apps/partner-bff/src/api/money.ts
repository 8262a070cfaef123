import { Type, type Static } from '@sinclair/typebox';

/** v2 money: an integer amount in the currency's minor unit (cents for EUR), and the ISO 4217 code. */
export const Money = Type.Object({
  amount: Type.Integer({ description: 'In the minor unit of the currency (e.g. cents).', examples: [1999] }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', examples: ['EUR'] }),
});
export type Money = Static<typeof Money>;

/** ISO 4217 currencies whose minor unit is not the hundredth. */
const EXPONENTS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
};

/**
 * An amount in major units (as the upstreams keep it, `19.99`) as v2 money (`{ amount: 1999, currency: 'EUR' }`).
 * @example money(19.99, 'EUR') // { amount: 1999, currency: 'EUR' }
 */
export function money(major: number, currency: string): Money {
  const exponent = EXPONENTS[currency] ?? 2;
  return { amount: Math.round(major * 10 ** exponent), currency };
}
