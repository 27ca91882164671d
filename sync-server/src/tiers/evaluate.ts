import { and, eq, inArray } from 'drizzle-orm';
import {
  evaluateTier,
  tierHeld,
  type TierActivity,
  type TierRules,
  type TierStanding,
} from '../../../shared/engine/tiers';
import { subtractPeriod, type Instant, type Period } from '../../../shared/units/time';
import type { Session } from '../db/database';
import { cards, ledgerEntries, tiers as tiersTable } from '../db/schema';
import { TIER_COUNTING_KINDS, toTierRules } from './rules';

export interface TierChange {
  readonly cardNumber: string;
  readonly tier: string | null;
  readonly validUntil: Date | null;
  /** Set by hand: why, and by whom (a change the tier rules make has neither). */
  readonly reason?: string;
  readonly setBy?: string;
}

/**
 * One card's tier after a posting (PRODUCT 4.5), inside the caller's transaction: its counting
 * activity is read from the ledger and the card row updated when the standing changed.
 */
export async function reevaluateTier(
  tx: Session,
  cardNumber: string,
  now: Date,
): Promise<TierChange & { changed: boolean }> {
  const [card] = await tx.db
    .select({
      programId: cards.programId,
      tierId: cards.tierId,
      until: cards.tierValidUntil,
      heldUntil: cards.tierHeldUntil,
    })
    .from(cards)
    .where(eq(cards.number, cardNumber));
  if (!card) throw new Error(`card ${cardNumber} does not exist`);
  if (tierHeld(card.heldUntil?.getTime() ?? null, now.getTime()))
    return { cardNumber, tier: card.tierId, validUntil: card.until, changed: false };
  const tierRows = await tx.db
    .select()
    .from(tiersTable)
    .where(eq(tiersTable.programId, card.programId));
  const rules = tierRows.map(toTierRules);
  const rewardPoints = [...new Set(rules.flatMap((t) => t.rules.map((r) => r.rewardPoint)))];
  const activity: TierActivity[] =
    rewardPoints.length === 0
      ? []
      : (
          await tx.db
            .select({
              rewardPoint: ledgerEntries.rewardPointId,
              points: ledgerEntries.points,
              at: ledgerEntries.earnedAt,
            })
            .from(ledgerEntries)
            .where(
              and(
                eq(ledgerEntries.cardNumber, cardNumber),
                eq(ledgerEntries.status, 'posted'),
                inArray(ledgerEntries.kind, [...TIER_COUNTING_KINDS]),
                inArray(ledgerEntries.rewardPointId, rewardPoints),
              ),
            )
        ).map((row) => ({ ...row, at: row.at.getTime() }));
  const standing: TierStanding = { tier: card.tierId, validUntil: card.until?.getTime() ?? null };
  const next = evaluateTier(rules, standing, activity, now.getTime());
  const change = {
    cardNumber,
    tier: next.tier,
    validUntil: next.validUntil === null ? null : new Date(next.validUntil),
    changed: next.changed,
  };
  if (next.changed) await applyTierChanges(tx, [change], now);
  return change;
}

/** Writes new standings in one statement, each change that moves a tier into the card's history. */
export async function applyTierChanges(
  session: Session,
  changes: readonly TierChange[],
  now: Date,
): Promise<void> {
  if (changes.length === 0) return;
  // One statement: the history row reads the tier each card had (the snapshot before the update).
  await session.query(
    `with u as (
       select unnest($1::text[]) as number, unnest($2::text[]) as tier,
              unnest($3::text[]) as valid_until, unnest($5::text[]) as reason,
              unnest($6::text[]) as set_by),
     history as (
       insert into card_tier_changes
         (card_number, previous_tier_id, tier_id, valid_until, changed_at, reason, set_by)
       select c.number, c.tier_id, u.tier, u.valid_until::timestamptz, $4::timestamptz,
              u.reason, u.set_by
       from u join cards c on c.number = u.number
       where c.tier_id is distinct from u.tier or u.reason is not null)
     update cards c
     set tier_id = u.tier, tier_valid_until = u.valid_until::timestamptz, updated_at = $4::timestamptz
     from u
     where c.number = u.number`,
    [
      changes.map((c) => c.cardNumber),
      changes.map((c) => c.tier),
      changes.map((c) => c.validUntil?.toISOString() ?? null),
      now.toISOString(),
      changes.map((c) => c.reason ?? null),
      changes.map((c) => c.setBy ?? null),
    ],
  );
}

/** One evaluation window of one reward point, as an instant range ending now. */
export interface TierWindow {
  readonly rewardPoint: string;
  /** Activity strictly after this instant counts (the engine's window is (now - window, now]). */
  readonly from: Instant;
}

/** The distinct windows the rules of these tiers look at (equal instants counted once). */
export function windowsOf(tiers: readonly TierRules[], now: Instant): TierWindow[] {
  const seen = new Map<string, TierWindow>();
  for (const rule of tiers.flatMap((t) => t.rules)) {
    const from = subtractPeriod(now, rule.window as Period);
    seen.set(`${rule.rewardPoint}@${from}`, { rewardPoint: rule.rewardPoint, from });
  }
  return [...seen.values()];
}

/**
 * Turns per-window sums back into an activity list the engine reads exactly as it would the
 * ledger: for each reward point, windows from the shortest, the points of a window that are not in
 * the next shorter one are placed just inside it. Every window then sums to its own total.
 */
export function activityFromWindowSums(
  windows: readonly TierWindow[],
  sums: readonly number[],
): TierActivity[] {
  const byRewardPoint = new Map<string, { from: Instant; sum: number }[]>();
  windows.forEach((w, i) => {
    const list = byRewardPoint.get(w.rewardPoint) ?? [];
    list.push({ from: w.from, sum: sums[i] ?? 0 });
    byRewardPoint.set(w.rewardPoint, list);
  });
  const activity: TierActivity[] = [];
  for (const [rewardPoint, list] of byRewardPoint) {
    // Shortest window first: the latest start.
    list.sort((a, b) => b.from - a.from);
    let counted = 0;
    for (const { from, sum } of list) {
      if (sum !== counted) activity.push({ rewardPoint, points: sum - counted, at: from + 1 });
      counted = sum;
    }
  }
  return activity;
}
