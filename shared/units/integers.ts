/**
 * Branded integer units. Money and points never live in floats: every value that enters one of
 * these types goes through a guard that throws on a non-integer or an unsafe magnitude.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A count of a currency's minor units (cents for USD, yen for JPY, fils for BHD). */
export type Minor = Brand<number, 'Minor'>;
/** A count of loyalty points (for amount-type reward points: minor units of their currency). */
export type Points = Brand<number, 'Points'>;

export class NotAnIntegerError extends Error {
  constructor(what: string, value: unknown) {
    super(`${what} must be a safe integer, got ${String(value)}`);
    this.name = 'NotAnIntegerError';
  }
}

export function assertSafeInteger(value: number, what = 'value'): number {
  if (!Number.isSafeInteger(value)) throw new NotAnIntegerError(what, value);
  return value;
}

export const minor = (value: number): Minor => assertSafeInteger(value, 'an amount') as Minor;
export const points = (value: number): Points => assertSafeInteger(value, 'points') as Points;

export const ZERO_MINOR = minor(0);
export const ZERO_POINTS = points(0);
