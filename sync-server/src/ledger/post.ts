import { and, asc, eq, sql } from 'drizzle-orm';
import {
  datesForNewLot,
  foldLedger,
  netBalance,
  type EntryKind,
  type LedgerFact,
} from '../../../shared/engine/ledger';
import { capIncrease } from '../../../shared/engine/earning';
import type { LotUse, RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { cardBalances, cards, ledgerEntries, lots } from '../db/schema';

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

type HistoryRow = Pick<
  typeof ledgerEntries.$inferSelect,
  | 'id'
  | 'rewardPointId'
  | 'kind'
  | 'points'
  | 'earnedAt'
  | 'vestsAt'
  | 'expiresAt'
  | 'lots'
  | 'reverses'
  | 'status'
>;

const toFact = (row: HistoryRow): LedgerFact => ({
  id: row.id,
  rewardPoint: row.rewardPointId,
  kind: row.kind,
  points: row.points,
  at: row.earnedAt.getTime(),
  vestsAt: row.vestsAt?.getTime() ?? null,
  expiresAt: row.expiresAt?.getTime() ?? null,
  lots: row.lots ?? [],
  reverses: row.reverses,
});

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

/** What posting makes of an entry: an increase cropped to the card's cap, a new lot's dates. */
export interface CappedEntry {
  readonly points: number;
  readonly cropped: number;
  readonly vestsAt: Date | null;
  readonly expiresAt: Date | null;
}

/** Crops an increase to the cap against the card's posted balance and dates the lot it makes. */
export function cappedAndDated(
  entry: EntryToPost,
  rp: RewardPointRules,
  postedBalance: number,
): CappedEntry {
  const capped = capIncrease(entry.points, rp.maxPerCard, postedBalance);
  const points = capped.kept;
  const cropped = (entry.cropped ?? 0) + capped.cropped;
  const dates =
    points > 0
      ? datesForNewLot(rp, entry.earnedAt.getTime(), entry.kind)
      : { vestsAt: null, expiresAt: null };
  if (points > 0 && entry.expiresAt !== undefined)
    dates.expiresAt = entry.expiresAt === null ? null : entry.expiresAt.getTime();
  const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));
  return { points, cropped, vestsAt: toDate(dates.vestsAt), expiresAt: toDate(dates.expiresAt) };
}

/** The ledger row of an entry posted at once, with what posting worked out (points after the cap, dates). */
export function postedRow(
  entry: EntryToPost,
  serverTime: Date,
  posted: { points: number; cropped: number; vestsAt: Date | null; expiresAt: Date | null },
): typeof ledgerEntries.$inferInsert {
  return {
    id: entry.id,
    cardNumber: entry.cardNumber,
    rewardPointId: entry.rewardPointId,
    kind: entry.kind,
    earnedAt: entry.earnedAt,
    origin: entry.origin,
    status: 'posted',
    storeId: entry.storeId ?? null,
    registerId: entry.registerId ?? null,
    receiptId: entry.receiptId ?? null,
    lineId: entry.lineId ?? null,
    schemeId: entry.schemeId ?? null,
    schemeVersion: entry.schemeVersion ?? null,
    ruleIds: [...(entry.ruleIds ?? [])],
    staffId: entry.staffId ?? null,
    comment: entry.comment ?? null,
    deviceTime: entry.deviceTime ?? null,
    deviceSeq: entry.deviceSeq ?? null,
    serverTime,
    lots: entry.lots ? [...entry.lots] : null,
    reverses: entry.reverses ?? null,
    factId: entry.factId ?? null,
    activityType: entry.activityType ?? null,
    ...posted,
  };
}

async function cardHistory(tx: Session, cardNumber: string): Promise<HistoryRow[]> {
  return tx.db
    .select({
      id: ledgerEntries.id,
      rewardPointId: ledgerEntries.rewardPointId,
      kind: ledgerEntries.kind,
      points: ledgerEntries.points,
      earnedAt: ledgerEntries.earnedAt,
      vestsAt: ledgerEntries.vestsAt,
      expiresAt: ledgerEntries.expiresAt,
      lots: ledgerEntries.lots,
      reverses: ledgerEntries.reverses,
      status: ledgerEntries.status,
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.cardNumber, cardNumber))
    .orderBy(asc(ledgerEntries.seq));
}

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

/**
 * Replaces the card's lots and balances with the fold of its posted entries (and the sum of its
 * pending ones). Also the repair tool: call it with the card's full history to rebuild.
 */
export async function rebuildDerived(
  tx: Session,
  cardNumber: string,
  posted: readonly LedgerFact[],
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): Promise<void> {
  const ledger = foldLedger(posted, rewardPoints);
  await tx.db.delete(lots).where(eq(lots.cardNumber, cardNumber));
  const lotRows = Object.values(ledger).flatMap((rp) =>
    rp.lots.map((lot) => ({
      entryId: lot.id,
      cardNumber,
      rewardPointId: lot.rewardPoint,
      remaining: lot.remaining,
      earnedAt: new Date(lot.earnedAt ?? 0),
      vestsAt: lot.vestsAt === null ? null : new Date(lot.vestsAt),
      expiresAt: lot.expiresAt === null ? null : new Date(lot.expiresAt),
    })),
  );
  if (lotRows.length > 0) await tx.db.insert(lots).values(lotRows);

  const pending = await tx.db
    .select({
      rewardPointId: ledgerEntries.rewardPointId,
      points: sql<string>`coalesce(sum(${ledgerEntries.points}), 0)::text`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.cardNumber, cardNumber), eq(ledgerEntries.status, 'pending')))
    .groupBy(ledgerEntries.rewardPointId);
  const net = netBalance(ledger);
  const pendingByRp = new Map(pending.map((p) => [p.rewardPointId, Number(p.points)]));
  // Rows already there count too: a balance whose entries were all rejected must drop to zero.
  const existing = await tx.db
    .select({ rewardPointId: cardBalances.rewardPointId })
    .from(cardBalances)
    .where(eq(cardBalances.cardNumber, cardNumber));
  const ids = new Set([
    ...Object.keys(net),
    ...pendingByRp.keys(),
    ...existing.map((row) => row.rewardPointId),
  ]);
  if (ids.size === 0) return;
  await tx.db
    .insert(cardBalances)
    .values(
      [...ids].map((id) => ({
        cardNumber,
        rewardPointId: id,
        posted: net[id] ?? 0,
        pending: pendingByRp.get(id) ?? 0,
      })),
    )
    .onConflictDoUpdate({
      target: [cardBalances.cardNumber, cardBalances.rewardPointId],
      set: { posted: sql`excluded.posted`, pending: sql`excluded.pending`, updatedAt: sql`now()` },
    });
}

/** Rebuilds lots and balances of the given cards from their whole posted ledger. */
export async function rebuildCards(
  tx: Session,
  cardNumbers: readonly string[],
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): Promise<void> {
  for (const cardNumber of cardNumbers) {
    const history = await cardHistory(tx, cardNumber);
    await rebuildDerived(
      tx,
      cardNumber,
      history.filter((r) => r.status === 'posted').map(toFact),
      rewardPoints,
    );
  }
}
