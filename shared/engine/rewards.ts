import { mulDivFloor, sum } from '../units/arithmetic';
import type { Instant } from '../units/time';
import { splitByLargestRemainder } from './attribution';
import { matchesFilter } from './earning';
import { balanceSummary } from './lots';
import type { Lot, LotUse, RewardPointRules, RewardRules, SaleLine } from './model';
import { lotsSpent, spendable } from './redemption';

/** What the engine needs to price rewards for one card and basket. */
export interface RewardInput {
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly lots: readonly Lot[];
  readonly lines: readonly SaleLine[];
  readonly at: Instant;
}

export interface RewardLine {
  readonly id: string;
  /** Minor units taken off this line. */
  readonly discount: number;
  /** The share of the reward's points this line carries (what a return of it gives back). */
  readonly points: number;
}

export interface AppliedReward {
  readonly ok: true;
  readonly reward: string;
  readonly rewardPoint: string;
  readonly points: number;
  readonly discount: number;
  readonly lines: readonly RewardLine[];
  readonly lots: readonly LotUse[];
}

export type RewardError = 'notApplicable' | 'notRedeemable' | 'threshold' | 'insufficient';

export type RewardResult = AppliedReward | { readonly ok: false; readonly error: RewardError };

const unitPrice = (line: SaleLine): number => Math.floor(line.netAmount / line.quantity);

/** The one line whose item a free-product reward gives away: the cheapest item, earlier on ties. */
function freeItemLine(lines: readonly SaleLine[], product: string): SaleLine | undefined {
  let best: SaleLine | undefined;
  for (const line of lines) {
    if (line.product !== product || line.quantity <= 0 || line.netAmount <= 0) continue;
    if (!best || unitPrice(line) < unitPrice(best)) best = line;
  }
  return best;
}

/** Discount per sale line (input order, zero where the reward does not reach). */
export function rewardDiscount(reward: RewardRules, lines: readonly SaleLine[]): number[] {
  const cap = (value: number) => Math.min(value, reward.maximum ?? value);
  const { benefit } = reward;
  if (benefit.kind === 'freeProduct') {
    const line = freeItemLine(lines, benefit.product);
    return lines.map((l) => (l === line ? cap(unitPrice(l)) : 0));
  }
  const eligible = lines.map((line) =>
    line.netAmount > 0 && matchesFilter(benefit.on, line) ? line.netAmount : 0,
  );
  const total = sum(eligible);
  const wanted =
    benefit.kind === 'amountOff' ? benefit.amount : mulDivFloor(total, benefit.percent, 100);
  const discount = Math.max(0, cap(Math.min(wanted, total)));
  return total === 0 ? eligible : splitByLargestRemainder(discount, eligible);
}

/** Points of the reward's reward point the card can spend now (zero below its threshold). */
function spendableFor(reward: RewardRules, input: RewardInput): number | RewardError {
  if (input.rewardPoints.get(reward.rewardPoint)?.redeemable !== true) return 'notRedeemable';
  const balance = balanceSummary(input.lots, input.at);
  const { spendable: available, belowThreshold } = spendable(input, balance);
  if (belowThreshold.has(reward.rewardPoint)) return 'threshold';
  return available.get(reward.rewardPoint) ?? 0;
}

/**
 * Applies one reward to the basket: the discount on the line(s) it reaches, its price in points
 * spread over those lines in proportion to their discount (so a return gives back each line's
 * share), and the lots the price is taken from, soonest expiry first as a points tender would.
 */
export function applyReward(reward: RewardRules, input: RewardInput): RewardResult {
  const discounts = rewardDiscount(reward, input.lines);
  const discount = sum(discounts);
  if (discount <= 0) return { ok: false, error: 'notApplicable' };
  const have = spendableFor(reward, input);
  if (typeof have === 'string') return { ok: false, error: have };
  if (have < reward.points) return { ok: false, error: 'insufficient' };
  const shares = splitByLargestRemainder(reward.points, discounts);
  const lines = input.lines
    .map((line, i) => ({ id: line.id, discount: discounts[i] ?? 0, points: shares[i] ?? 0 }))
    .filter((line) => line.discount > 0);
  return {
    ok: true,
    reward: reward.id,
    rewardPoint: reward.rewardPoint,
    points: reward.points,
    discount,
    lines,
    lots: lotsSpent(input.lots, reward.rewardPoint, reward.points, input.at),
  };
}

/** The rewards the card can afford for this basket now, each with the discount it would give. */
export function affordableRewards(
  rewards: readonly RewardRules[],
  input: RewardInput,
): { reward: RewardRules; discount: number }[] {
  return rewards.flatMap((reward) => {
    const applied = applyReward(reward, input);
    return applied.ok ? [{ reward, discount: applied.discount }] : [];
  });
}

/** The basket after the reward: each line's amount less its discount. */
export function discountedLines(
  lines: readonly SaleLine[],
  applied: Pick<AppliedReward, 'lines'>,
): SaleLine[] {
  const byId = new Map(applied.lines.map((line) => [line.id, line.discount]));
  return lines.map((line) => {
    const discount = byId.get(line.id) ?? 0;
    return discount === 0
      ? line
      : { ...line, netAmount: (line.netAmount - discount) as typeof line.netAmount };
  });
}

/** The card's lots after the reward's points were taken (for a points tender after it). */
export function lotsAfter(lots: readonly Lot[], used: readonly LotUse[]): Lot[] {
  const taken = new Map(used.map((use) => [use.id, use.points]));
  return lots.map((lot) => {
    const points = taken.get(lot.id) ?? 0;
    return points === 0
      ? lot
      : { ...lot, remaining: (lot.remaining - points) as typeof lot.remaining };
  });
}
