import { assertSafeInteger } from '../../../shared/units/integers';

/**
 * PostgreSQL bigint arrives as a string (pg), a bigint (PGlite) or a number (our own parsers).
 * Points and money must stay exact, so anything beyond Number.MAX_SAFE_INTEGER throws instead of
 * being rounded the way Number() would.
 */
export function toSafeInteger(value: unknown, what = 'a bigint value'): number {
  if (typeof value === 'number') return assertSafeInteger(value, what);
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    if (BigInt(asNumber) !== value) assertSafeInteger(Number.NaN, `${what} (${value})`);
    return assertSafeInteger(asNumber, what);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    return assertSafeInteger(Number(value), `${what} (${value})`);
  }
  throw new TypeError(`${what} must be an integer, got ${String(value)}`);
}

/** Parser for the int8 type of both drivers: text in, safe JS number out. */
export const parseInt8 = (text: string): number => toSafeInteger(text, 'a bigint column');
