import { assertSafeInteger } from '../units/integers';

/**
 * Splits a non-negative integer total over weights by largest remainder: each share is
 * floor(total * weight / sum), and the units left go to the largest remainders, ties to the
 * earlier index. The shares always add up to the total. With no positive weight, every slot
 * counts as weight 1 so the total still lands somewhere.
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'total to split');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot split a non-zero total over no lines');
    return [];
  }
  const sign = total < 0 ? -1 : 1;
  const magnitude = BigInt(Math.abs(total));
  const effective = weights.some((w) => w > 0)
    ? weights.map((w) => Math.max(0, w))
    : weights.map(() => 1);
  const weightSum = effective.reduce((acc, w) => acc + BigInt(w), 0n);

  const shares: bigint[] = [];
  const remainders: { index: number; remainder: bigint }[] = [];
  let assigned = 0n;
  effective.forEach((w, index) => {
    const product = magnitude * BigInt(w);
    const share = product / weightSum;
    shares.push(share);
    remainders.push({ index, remainder: product % weightSum });
    assigned += share;
  });

  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  let left = magnitude - assigned;
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map((s) => sign * Number(s));
}
