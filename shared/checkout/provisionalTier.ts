import type { Program, Tier } from '../domain/loyalty';
import { toTierRules } from '../domain/toEngine';
import type { Lot } from '../engine/model';
import { provisionalUpgrade, TIER_COUNTING_KINDS, type TierActivity } from '../engine/tiers';
import type { Instant } from '../units/time';

/** An entry the register recorded and the server has not yet distributed back, with its time. */
export interface UnpostedEntry {
  readonly rewardPoint: string;
  readonly kind: string;
  readonly points: number;
  readonly at: Instant;
}

const COUNTING: readonly string[] = TIER_COUNTING_KINDS;

/**
 * What a register knows of a card's tier activity: the points its distributed lots still hold, by
 * when they were earned, plus its own unposted entries of the kinds that count. Points already
 * spent from a lot are not seen, so this tends to count less than the server does: an upgrade it
 * shows is one the server is likely to confirm. An entry is counted no later than `now`: it was
 * stamped by the device's clock, which may run ahead of the server time the register reckons in.
 */
export function knownTierActivity(
  lots: readonly Lot[],
  unposted: readonly UnpostedEntry[],
  now: Instant,
): TierActivity[] {
  return [
    ...lots.flatMap((lot) =>
      lot.earnedAt === null || lot.remaining === 0
        ? []
        : [{ rewardPoint: lot.rewardPoint, points: lot.remaining, at: lot.earnedAt }],
    ),
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
  lots: readonly Lot[],
  unposted: readonly UnpostedEntry[],
  now: Instant,
): Tier | null {
  if (!program) return null;
  const upgrade = provisionalUpgrade(
    program.tiers.map(toTierRules),
    current,
    knownTierActivity(lots, unposted, now),
    now,
  );
  return program.tiers.find((tier) => tier.id === upgrade?.id) ?? null;
}
