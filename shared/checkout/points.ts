import type { RewardPoint, Scheme } from '../domain/loyalty';
import { rewardPointMap, schemeRules } from '../domain/toEngine';
import type { CardSummary } from '../protocol/sync';
import type { CardStanding, Lot, PointsByRewardPoint } from '../engine/model';
import { redeem, quoteRedemption, type Redeemed } from '../engine/redemption';
import { balanceSummary, type Balance } from '../engine/lots';
import type { Instant } from '../units/time';
import { parseInstant } from '../units/time';
import { minor, type Minor } from '../units/integers';
import type { PricedLine } from './pricing';

/** A distributed card's lots in the engine's model. */
export function lotsOf(card: CardSummary): Lot[] {
  return card.lots.map((lot) => ({
    id: lot.id,
    rewardPoint: lot.rewardPoint,
    remaining: lot.remaining as Lot['remaining'],
    earnedAt: parseInstant(lot.earnedAt),
    vestsAt: lot.vestsAt === null ? null : parseInstant(lot.vestsAt),
    expiresAt: lot.expiresAt === null ? null : parseInstant(lot.expiresAt),
  }));
}

export const standingOf = (card: CardSummary): CardStanding => ({
  tier: card.tier,
  affiliations: card.customer?.affiliations ?? [],
});

export interface RedemptionSetup {
  readonly currency: string;
  /** Every scheme that applies to the sale: each line pays at the cheapest rule of all. */
  readonly schemes: readonly Scheme[];
  readonly rewardPoints: readonly RewardPoint[];
}

function redemptionInput(
  setup: RedemptionSetup,
  standing: CardStanding,
  lots: readonly Lot[],
  lines: readonly PricedLine[],
  paid: ReadonlyMap<string, number>,
  at: Instant,
) {
  return {
    schemes: setup.schemes.map((scheme) => schemeRules(scheme, setup.currency)),
    rewardPoints: rewardPointMap(setup.rewardPoints),
    card: standing,
    lots,
    at,
    // What earlier points tenders paid is no longer there to pay.
    lines: lines.map((line) => ({
      id: line.id,
      product: line.product,
      category: line.category,
      quantity: line.quantity,
      netAmount: minor(line.netAmount - (paid.get(line.id) ?? 0)),
      vatRate: line.vatRate,
    })),
  };
}

/** Minor units of the rest of this sale the card's available points can pay for. */
export function pointsCanCover(
  setup: RedemptionSetup,
  standing: CardStanding,
  lots: readonly Lot[],
  lines: readonly PricedLine[],
  paid: ReadonlyMap<string, number>,
  at: Instant,
): Minor {
  return minor(quoteRedemption(redemptionInput(setup, standing, lots, lines, paid, at)).canCover);
}

/** Pays `amount` with the card's local lots (an offline spend within the store's allowance). */
export function redeemFromLots(
  setup: RedemptionSetup,
  standing: CardStanding,
  lots: readonly Lot[],
  lines: readonly PricedLine[],
  paid: ReadonlyMap<string, number>,
  amount: Minor,
  at: Instant,
): Redeemed {
  return redeem(redemptionInput(setup, standing, lots, lines, paid, at), amount);
}

/**
 * Which lines an online reservation paid: the server answers the amount and points; the same
 * engine, given exactly the reserved points as its only lots, splits them over the lines.
 */
export function coverOfReservation(
  setup: RedemptionSetup,
  standing: CardStanding,
  lines: readonly PricedLine[],
  paid: ReadonlyMap<string, number>,
  reserved: { covered: Minor; points: PointsByRewardPoint },
  at: Instant,
): Redeemed {
  const lots: Lot[] = Object.entries(reserved.points).map(([rewardPoint, points]) => ({
    id: `reserved:${rewardPoint}`,
    rewardPoint,
    remaining: points as Lot['remaining'],
    earnedAt: null,
    vestsAt: null,
    expiresAt: null,
  }));
  return redeem(redemptionInput(setup, standing, lots, lines, paid, at), reserved.covered);
}

/** The card panel's numbers per reward point: available, unvested and expiring within 30 days. */
export function cardBalances(card: CardSummary, at: Instant): Record<string, Balance> {
  return balanceSummary(lotsOf(card), at);
}
