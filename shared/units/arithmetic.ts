import { assertSafeInteger } from './integers';

/**
 * Exact integer ratios. Products of two safe integers may exceed 2^53, so they go through BigInt;
 * results are checked back into the safe range.
 */
function toSafe(value: bigint, what: string): number {
  return assertSafeInteger(Number(value), what);
}

function divFloor(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

function checkDivisor(d: number): void {
  assertSafeInteger(d, 'divisor');
  if (d === 0) throw new RangeError('division by zero');
}

/** floor(a * b / d) */
export function mulDivFloor(a: number, b: number, d: number): number {
  checkDivisor(d);
  return toSafe(divFloor(BigInt(a) * BigInt(b), BigInt(d)), 'mulDivFloor result');
}

/** ceil(a * b / d) */
export function mulDivCeil(a: number, b: number, d: number): number {
  checkDivisor(d);
  return toSafe(-divFloor(-(BigInt(a) * BigInt(b)), BigInt(d)), 'mulDivCeil result');
}

/** a * b / d rounded half up (away from zero for halves of positive values). */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  checkDivisor(d);
  const n = BigInt(a) * BigInt(b) * 2n + BigInt(d);
  return toSafe(divFloor(n, 2n * BigInt(d)), 'mulDivRoundHalfUp result');
}

/** Compares a/b with c/d for positive denominators without division. */
export function compareRatios(a: number, b: number, c: number, d: number): number {
  const left = BigInt(a) * BigInt(d);
  const right = BigInt(c) * BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return assertSafeInteger(total, 'sum');
}
