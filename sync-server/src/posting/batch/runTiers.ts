import {
  evaluateTier,
  tierHeld,
  type TierActivity,
  type TierRules,
  type TierStanding,
} from '../../../../shared/engine/tiers';
import { activityFromWindowSums, type TierChange, type TierWindow } from '../../tiers/evaluate';
import { TIER_COUNTING_KINDS } from '../../tiers/rules';
import type { CardRow } from '../lookups';
import type { PostedEntry } from '../../ledger/runLedger';

const COUNTING: readonly string[] = TIER_COUNTING_KINDS;

/**
 * Card tiers through a run (PRODUCT 4.5): each card is re-evaluated after each posting that can
 * earn, as a fact posted on its own would be, from its window sums when the run started plus what
 * the run posted since. A later fact of the run sees the card's new standing.
 */
export class RunTiers {
  private readonly standings = new Map<string, TierStanding>();
  private readonly added = new Map<string, TierActivity[]>();
  private readonly changed = new Set<string>();

  constructor(
    private readonly rulesByProgram: ReadonlyMap<string, TierRules[]>,
    private readonly windows: readonly TierWindow[],
    private readonly windowSums: ReadonlyMap<string, number[]>,
    private readonly now: Date,
  ) {}

  /** The card with its standing as of this point in the run. */
  current(card: CardRow): CardRow {
    const standing = this.standings.get(card.number);
    if (!standing) return card;
    return {
      ...card,
      tierId: standing.tier,
      tierValidUntil: standing.validUntil === null ? null : new Date(standing.validUntil),
    };
  }

  record(cardNumber: string, activity: readonly TierActivity[]): void {
    if (activity.length === 0) return;
    this.added.set(cardNumber, [...(this.added.get(cardNumber) ?? []), ...activity]);
  }

  reevaluate(card: CardRow): void {
    const now = this.now.getTime();
    if (tierHeld(card.tierHeldUntil?.getTime() ?? null, now)) return;
    const before = this.current(card);
    const standing = { tier: before.tierId, validUntil: before.tierValidUntil?.getTime() ?? null };
    const activity = [
      ...activityFromWindowSums(this.windows, this.windowSums.get(card.number) ?? []),
      ...(this.added.get(card.number) ?? []),
    ];
    const next = evaluateTier(
      this.rulesByProgram.get(card.programId) ?? [],
      standing,
      activity,
      now,
    );
    if (!next.changed) return;
    this.standings.set(card.number, { tier: next.tier, validUntil: next.validUntil });
    this.changed.add(card.number);
  }

  /** The changes so far are written (`applyTierChanges`): the next write has only later ones. */
  written(): void {
    this.changed.clear();
  }

  changes(): TierChange[] {
    return [...this.changed].map((cardNumber) => {
      const { tier, validUntil } = this.standings.get(cardNumber) ?? {
        tier: null,
        validUntil: null,
      };
      return { cardNumber, tier, validUntil: validUntil === null ? null : new Date(validUntil) };
    });
  }
}

/** Records what posted entries add to their cards' tier activity (the counting kinds only). */
export function recordActivity(tiers: RunTiers, posted: readonly PostedEntry[]): void {
  const byCard = new Map<string, TierActivity[]>();
  for (const { entry, points } of posted) {
    if (!COUNTING.includes(entry.kind)) continue;
    const activity = { rewardPoint: entry.rewardPointId, points, at: entry.earnedAt.getTime() };
    byCard.set(entry.cardNumber, [...(byCard.get(entry.cardNumber) ?? []), activity]);
  }
  for (const [card, activity] of byCard) tiers.record(card, activity);
}
