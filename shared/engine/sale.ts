import { computeEarning, earningLineIndex, type Earning, type EarningInput } from './earning';
import type { PointsByRewardPoint } from './model';

/**
 * The check the server makes of a sale a register earned on offline (PRODUCT 5): the engine runs
 * again under the scheme versions the register stamped, and the register's claim per earning line
 * must be exactly what the engine gives. The cap is not part of the claim: the server applies it
 * against the posted balance, which a register cannot know while offline.
 */
export interface EarningClaim {
  readonly rewardPoint: string;
  /** Points per earning line id, before the cap. */
  readonly rules: Readonly<Record<string, number>>;
}

export type ClaimCheck =
  | { readonly ok: true; readonly earning: Earning }
  | { readonly ok: false; readonly reason: string };

function rulesOf(claims: readonly EarningClaim[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const claim of claims) {
    for (const [rule, pts] of Object.entries(claim.rules)) {
      if (pts !== 0) result[rule] = (result[rule] ?? 0) + pts;
    }
  }
  return result;
}

export function checkEarningClaims(
  claims: readonly EarningClaim[],
  input: EarningInput,
): ClaimCheck {
  const earning = computeEarning({ ...input, balances: {} });
  const claimed = rulesOf(claims);
  const ruleIds = new Set([...Object.keys(claimed), ...Object.keys(earning.rules)]);
  for (const id of [...ruleIds].sort()) {
    const got = claimed[id] ?? 0;
    const expected = earning.rules[id] ?? 0;
    if (got !== expected) {
      return {
        ok: false,
        reason: `earning line ${id}: the register claimed ${got} points, the scheme gives ${expected}`,
      };
    }
  }
  const lines = earningLineIndex(input.schemes);
  for (const claim of claims) {
    for (const rule of Object.keys(claim.rules)) {
      if (lines.get(rule)?.rule.rewardPoint !== claim.rewardPoint) {
        return { ok: false, reason: `earning line ${rule} does not earn ${claim.rewardPoint}` };
      }
    }
  }
  return { ok: true, earning };
}

/** Sums rule points per reward point: the increase before the cap. */
export function preCapIncrease(
  earning: Pick<Earning, 'rules'>,
  schemes: EarningInput['schemes'],
): PointsByRewardPoint {
  const lines = earningLineIndex(schemes);
  const result: PointsByRewardPoint = {};
  for (const [rule, pts] of Object.entries(earning.rules)) {
    const rp = lines.get(rule)?.rule.rewardPoint;
    if (rp) result[rp] = (result[rp] ?? 0) + pts;
  }
  return result;
}
