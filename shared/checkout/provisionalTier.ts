import type { Program, Tier } from '../domain/loyalty';
import { toTierRules } from '../domain/toEngine';
import { provisionalUpgrade, TIER_COUNTING_KINDS, type TierActivity } from '../engine/tiers';
import type { CardSummary } from '../protocol/sync';
import { parseInstant, type Instant } from '../units/time';

/** An entry the register recorded and the server has not yet distributed back, with its time. */
export interface UnpostedEntry {
  readonly rewardPoint: string;
  readonly kind: string;
  readonly points: number;
  readonly at: Instant;
}

const COUNTING: readonly string[] = TIER_COUNTING_KINDS;

/**
 * The points a distributed card earned towards tiers, as the server counts them: every posted
 * earning, activity and return of one in the tier window, spent or not (the summary's
 * `tierPoints`). A summary without them (from a server that does not send them) gives only what
 * its lots still hold: spent points are then not seen, and the register counts too few.
 */
export function distributedTierActivity(card: CardSummary): TierActivity[] {
  if (card.tierPoints)
    return card.tierPoints.map((day) => ({
      rewardPoint: day.rewardPoint,
      points: day.points,
      at: parseInstant(day.earnedAt),
    }));
  return card.lots.flatMap((lot) =>
    lot.remaining === 0
      ? []
      : [{ rewardPoint: lot.rewardPoint, points: lot.remaining, at: parseInstant(lot.earnedAt) }],
  );
}

/**
 * What a register knows of a card's tier activity: what head office distributed (see
 * distributedTierActivity) plus its own unposted entries of the kinds that count. An entry is
 * counted no later than `now`: it was stamped by the device's clock, which may run ahead of the
 * server time the register reckons in.
 */
export function knownTierActivity(
  distributed: readonly TierActivity[],
  unposted: readonly UnpostedEntry[],
  now: Instant,
): TierActivity[] {
  return [
    ...distributed,
    ...unposted
      .filter((entry) => COUNTING.includes(entry.kind))
      .map((entry) => ({
        rewardPoint: entry.rewardPoint,
        points: entry.points,
        at: Math.min(entry.at, now),
      })),
  ];
}

/**
 * The tier a card would reach after the register's local earnings (PRODUCT 4.5), above its
 * distributed tier, or null: shown as provisional until the server confirms it.
 */
export function provisionalTierOf(
  program: Program | null,
  current: string | null,
  distributed: readonly TierActivity[],
  unposted: readonly UnpostedEntry[],
  now: Instant,
): Tier | null {
  if (!program) return null;
  const upgrade = provisionalUpgrade(
    program.tiers.map(toTierRules),
    current,
    knownTierActivity(distributed, unposted, now),
    now,
  );
  return program.tiers.find((tier) => tier.id === upgrade?.id) ?? null;
}
