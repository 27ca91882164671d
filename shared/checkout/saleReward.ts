import type { DistributedReward, RewardPoint } from '../domain/loyalty';
import { rewardPointMap, rewardRules } from '../domain/toEngine';
import type { Lot, PointsByRewardPoint } from '../engine/model';
import { affordableRewards, applyReward, rewardSplit, type RewardResult } from '../engine/rewards';
import { minor, type Minor } from '../units/integers';
import type { Instant } from '../units/time';
import type { PricedLine } from './pricing';

/**
 * A reward of the catalogue applied to the sale: reserved on the server (online) or taken from the
 * card's local lots within the store's offline allowance, like a points tender. Its price in
 * points is spread over the lines it reaches, so a return of a line gives back that line's share.
 */
export interface SaleReward {
  /** The reservation's id (a tender id to the server), chosen before the first try. */
  readonly id: string;
  readonly reward: { readonly id: string; readonly version: number };
  readonly name: string;
  readonly reservation: 'online' | 'offline';
  readonly rewardPoint: string;
  readonly points: number;
  readonly discount: Minor;
  readonly lines: readonly {
    readonly id: string;
    readonly discount: number;
    readonly points: number;
  }[];
  /** The redeem entries: the server's ids when reserved online, the register's own offline. */
  readonly entries: readonly {
    readonly id: string;
    readonly rewardPoint: string;
    readonly points: number;
    readonly lots: readonly { readonly id: string; readonly points: number }[];
  }[];
}

export interface RewardSetup {
  readonly currency: string;
  readonly rewardPoints: readonly RewardPoint[];
}

const engineLines = (lines: readonly PricedLine[]) =>
  lines.map((line) => ({
    id: line.id,
    product: line.product,
    category: line.category,
    quantity: line.quantity,
    netAmount: line.netAmount,
    vatRate: line.vatRate,
  }));

function rewardInput(
  setup: RewardSetup,
  lots: readonly Lot[],
  lines: readonly PricedLine[],
  at: Instant,
) {
  return { rewardPoints: rewardPointMap(setup.rewardPoints), lots, lines: engineLines(lines), at };
}

/** The active rewards the card's lots can pay for on this basket, each with the discount it gives. */
export function rewardsOnOffer(
  rewards: readonly DistributedReward[],
  setup: RewardSetup,
  lots: readonly Lot[],
  lines: readonly PricedLine[],
  at: Instant,
): { reward: DistributedReward; discount: Minor }[] {
  const active = rewards.filter((reward) => reward.active);
  const rules = active.map((reward) => rewardRules(reward, setup.currency));
  const offered = affordableRewards(rules, rewardInput(setup, lots, lines, at));
  return offered.flatMap(({ reward, discount }) => {
    const found = active.find((r) => r.id === reward.id);
    return found ? [{ reward: found, discount: minor(discount) }] : [];
  });
}

/** One reward applied to the basket with the card's lots (what an offline spend records). */
export function rewardFromLots(
  reward: DistributedReward,
  setup: RewardSetup,
  lots: readonly Lot[],
  lines: readonly PricedLine[],
  at: Instant,
): RewardResult {
  return applyReward(rewardRules(reward, setup.currency), rewardInput(setup, lots, lines, at));
}

/**
 * What the reward gives on each line it reaches (its discount and its share of the points), and
 * the whole discount: the same split whichever lots pay for it (an online reservation's).
 */
export function rewardShares(
  reward: DistributedReward,
  currency: string,
  lines: readonly PricedLine[],
): { discount: Minor; lines: SaleReward['lines'] } {
  const split = rewardSplit(rewardRules(reward, currency), engineLines(lines));
  const shares = lines
    .map((line, i) => ({ id: line.id, discount: 0, points: 0, ...split[i] }))
    .filter((line) => line.discount > 0);
  return { discount: minor(shares.reduce((sum, line) => sum + line.discount, 0)), lines: shares };
}

/** The basket's lines with the reward's discount taken off the lines it reaches. */
export function linesWithReward(
  lines: readonly PricedLine[],
  reward: SaleReward | null,
): PricedLine[] {
  if (!reward) return [...lines];
  const byId = new Map(reward.lines.map((line) => [line.id, line]));
  return lines.map((line) => {
    const share = byId.get(line.id);
    if (!share || share.discount === 0) return line;
    const points: PointsByRewardPoint = { [reward.rewardPoint]: share.points };
    return {
      ...line,
      netAmount: minor(line.netAmount - share.discount),
      reward: { discount: minor(share.discount), points },
    };
  });
}

/** The card's lots less what the reward took from them (for a points tender after it). */
export function lotsLessReward(lots: readonly Lot[], reward: SaleReward | null): Lot[] {
  if (!reward) return [...lots];
  const taken = new Map<string, number>();
  for (const entry of reward.entries)
    for (const lot of entry.lots) taken.set(lot.id, (taken.get(lot.id) ?? 0) + lot.points);
  return lots.map((lot) => {
    const points = taken.get(lot.id) ?? 0;
    return points === 0 ? lot : { ...lot, remaining: (lot.remaining - points) as Lot['remaining'] };
  });
}
