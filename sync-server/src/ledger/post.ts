import { and, eq } from 'drizzle-orm';
import type { EntryKind } from '../../../shared/engine/ledger';
import type { LotUse, RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { cards, ledgerEntries } from '../db/schema';
import { cardHistory, rebuildDerived, toFact, type HistoryRow } from './fold';
import { cappedAndDated } from './runLedger';
import { postedRow } from './write';

/** A ledger entry to post (or a pending one to settle): the id is the idempotency key. */
export interface EntryToPost {
  readonly id: string;
  readonly cardNumber: string;
  readonly rewardPointId: string;
  readonly kind: EntryKind;
  /** Signed. Increases are cropped to the card's cap when posted. */
  readonly points: number;
  readonly earnedAt: Date;
  readonly origin: 'online' | 'offline';
  readonly storeId?: string | null;
  readonly registerId?: string | null;
  readonly receiptId?: string | null;
  readonly lineId?: string | null;
  readonly schemeId?: string | null;
  readonly schemeVersion?: number | null;
  readonly ruleIds?: readonly string[];
  readonly staffId?: string | null;
  readonly comment?: string | null;
  readonly deviceTime?: Date | null;
  readonly deviceSeq?: number | null;
  readonly lots?: readonly LotUse[] | null;
  readonly reverses?: string | null;
  readonly factId?: string | null;
  readonly activityType?: string | null;
  /** Points the register already reported as cropped; added to what the cap takes now. */
  readonly cropped?: number;
  /** Overrides the reward point's expiry for this lot (a transfer keeping the moved points' date). */
  readonly expiresAt?: Date | null;
}

export interface PostOutcome {
  readonly id: string;
  readonly status: 'posted' | 'duplicate';
  readonly points: number;
  readonly cropped: number;
}

const toHistoryRow = (entry: EntryToPost): HistoryRow => ({
  id: entry.id,
  rewardPointId: entry.rewardPointId,
  kind: entry.kind,
  points: entry.points,
  earnedAt: entry.earnedAt,
  vestsAt: null,
  expiresAt: null,
  lots: entry.lots ? [...entry.lots] : null,
  reverses: entry.reverses ?? null,
  status: 'posted',
});

/**
 * Posts entries of one or more cards inside the caller's transaction (PRODUCT 4.3, 4.4): each card
 * is locked, increases are cropped to the cap against the posted balance, and the derived lots and
 * balances are rebuilt from the card's ledger, so they always equal the fold. Posting an id twice
 * is a no-op answered "duplicate"; an id stored as pending is settled.
 */
export async function postEntries(
  tx: Session,
  entries: readonly EntryToPost[],
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  serverTime: Date,
): Promise<PostOutcome[]> {
  const byCard = new Map<string, number[]>();
  entries.forEach((entry, index) =>
    byCard.set(entry.cardNumber, [...(byCard.get(entry.cardNumber) ?? []), index]),
  );
  const outcomes: PostOutcome[] = new Array<PostOutcome>(entries.length);
  for (const cardNumber of [...byCard.keys()].sort()) {
    const indices = byCard.get(cardNumber) ?? [];
    const cardEntries = indices.map((i) => entries[i] as EntryToPost);
    const results = await postForCard(tx, cardNumber, cardEntries, rewardPoints, serverTime);
    results.forEach((outcome, k) => (outcomes[indices[k] ?? 0] = outcome));
  }
  return outcomes;
}

async function postForCard(
  tx: Session,
  cardNumber: string,
  entries: readonly EntryToPost[],
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  serverTime: Date,
): Promise<PostOutcome[]> {
  const locked = await tx.db
    .select({ number: cards.number })
    .from(cards)
    .where(eq(cards.number, cardNumber))
    .for('update');
  if (locked.length === 0) throw new Error(`card ${cardNumber} does not exist`);

  const history = await cardHistory(tx, cardNumber);
  const known = new Map(history.map((row) => [row.id, row]));
  const posted = history.filter((row) => row.status === 'posted').map(toFact);
  // The fold conserves points (a property test holds it to that), so a card's net balance per
  // reward point is the plain sum of its posted entries: kept as a running sum for the cap check
  // instead of folding the whole history again for every increase.
  const balances = new Map<string, number>();
  for (const fact of posted)
    balances.set(fact.rewardPoint, (balances.get(fact.rewardPoint) ?? 0) + fact.points);
  const outcomes: PostOutcome[] = [];

  for (const entry of entries) {
    const existing = known.get(entry.id);
    if (existing && existing.status !== 'pending') {
      outcomes.push({ id: entry.id, status: 'duplicate', points: existing.points, cropped: 0 });
      continue;
    }
    const rp = rewardPoints.get(entry.rewardPointId);
    if (!rp) throw new Error(`reward point ${entry.rewardPointId} does not exist`);
    const row = cappedAndDated(entry, rp, balances.get(rp.id) ?? 0);
    const { points, cropped } = row;
    if (existing) {
      await tx.db
        .update(ledgerEntries)
        .set({ status: 'posted', ...row })
        .where(and(eq(ledgerEntries.id, entry.id), eq(ledgerEntries.status, 'pending')));
    } else {
      await tx.db.insert(ledgerEntries).values(postedRow(entry, serverTime, row));
    }
    balances.set(entry.rewardPointId, (balances.get(entry.rewardPointId) ?? 0) + points);
    posted.push({
      id: entry.id,
      rewardPoint: entry.rewardPointId,
      kind: entry.kind,
      points,
      at: entry.earnedAt.getTime(),
      vestsAt: row.vestsAt?.getTime() ?? null,
      expiresAt: row.expiresAt?.getTime() ?? null,
      lots: entry.lots ?? [],
      reverses: entry.reverses ?? null,
    });
    known.set(entry.id, { ...(existing ?? toHistoryRow(entry)), points, status: 'posted' });
    outcomes.push({ id: entry.id, status: 'posted', points, cropped });
  }
  await rebuildDerived(tx, cardNumber, posted, rewardPoints);
  return outcomes;
}
