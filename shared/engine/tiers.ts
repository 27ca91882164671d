import { addPeriod, subtractPeriod, type Instant, type Period } from '../units/time';

export interface TierRuleRules {
  readonly rewardPoint: string;
  readonly minimum: number;
  readonly window: Period;
}

export interface TierRules {
  readonly id: string;
  readonly level: number;
  /** How long the tier is kept once reached; null keeps it until the rules say otherwise. */
  readonly stay: Period | null;
  /** Alternatives: any one rule qualifies. A tier without rules qualifies everyone (the base). */
  readonly rules: readonly TierRuleRules[];
}

export interface TierStanding {
  readonly tier: string | null;
  /** Until when the current tier is kept; null means no end. */
  readonly validUntil: Instant | null;
}

/** Ledger entry kinds that count towards tiers: earnings, other activities, and their returns. */
export const TIER_COUNTING_KINDS = ['earn', 'activity', 'returnEarn'] as const;

/** A points movement that counts towards tiers: earnings (positive) and their returns (negative). */
export interface TierActivity {
  readonly rewardPoint: string;
  readonly points: number;
  readonly at: Instant;
}

function earnedInWindow(
  activity: readonly TierActivity[],
  rule: TierRuleRules,
  now: Instant,
): number {
  const from = subtractPeriod(now, rule.window);
  let total = 0;
  for (const a of activity) {
    if (a.rewardPoint === rule.rewardPoint && a.at > from && a.at <= now) total += a.points;
  }
  return total;
}

export function qualifies(
  tier: TierRules,
  activity: readonly TierActivity[],
  now: Instant,
): boolean {
  return (
    tier.rules.length === 0 ||
    tier.rules.some((rule) => earnedInWindow(activity, rule, now) >= rule.minimum)
  );
}

/** The highest tier the activity qualifies for now, or null when not even a base tier does. */
export function highestQualifying(
  tiers: readonly TierRules[],
  activity: readonly TierActivity[],
  now: Instant,
): TierRules | null {
  const byLevel = [...tiers].sort((a, b) => b.level - a.level);
  return byLevel.find((tier) => qualifies(tier, activity, now)) ?? null;
}

/**
 * Tier evaluation (PRODUCT 4.5): reaching a tier (or requalifying for the current one) starts or
 * extends its stay; a higher current tier is kept until its stay ends, then the card falls to the
 * highest tier it still qualifies for.
 */
export function evaluateTier(
  tiers: readonly TierRules[],
  standing: TierStanding,
  activity: readonly TierActivity[],
  now: Instant,
): TierStanding & { changed: boolean } {
  const best = highestQualifying(tiers, activity, now);
  const current = tiers.find((t) => t.id === standing.tier) ?? null;
  const currentStillHeld =
    current !== null && (standing.validUntil === null || standing.validUntil > now);
  const stayFrom = (tier: TierRules): Instant | null =>
    tier.stay === null ? null : addPeriod(now, tier.stay);

  let next: TierStanding;
  if (best !== null && (!currentStillHeld || current === null || best.level >= current.level)) {
    next = { tier: best.id, validUntil: best.rules.length === 0 ? null : stayFrom(best) };
    // Requalifying never shortens a stay already granted.
    if (
      best.id === standing.tier &&
      standing.validUntil !== null &&
      next.validUntil !== null &&
      standing.validUntil > next.validUntil
    ) {
      next = { tier: best.id, validUntil: standing.validUntil };
    }
  } else if (currentStillHeld) {
    next = standing;
  } else {
    next = { tier: null, validUntil: null };
  }
  return {
    ...next,
    changed: next.tier !== standing.tier || next.validUntil !== standing.validUntil,
  };
}

/**
 * The upgrade a register shows after local earnings (PRODUCT 4.5): the highest tier the activity
 * it knows of qualifies for now, when that is above the card's distributed tier; else null. Only
 * the server decides tiers: this is shown as provisional until a distribution carries the tier.
 */
export function provisionalUpgrade(
  tiers: readonly TierRules[],
  current: string | null,
  activity: readonly TierActivity[],
  now: Instant,
): TierRules | null {
  const best = highestQualifying(tiers, activity, now);
  const currentLevel = tiers.find((t) => t.id === current)?.level ?? -1;
  return best !== null && best.level > currentLevel ? best : null;
}

/**
 * A tier set by hand (PRODUCT 4.5) stays until its hold ends, whatever the card earns; from that
 * instant on the card is evaluated as usual.
 */
export function tierHeld(heldUntil: Instant | null, now: Instant): boolean {
  return heldUntil !== null && heldUntil > now;
}
