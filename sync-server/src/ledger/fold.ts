import { and, asc, eq, sql } from 'drizzle-orm';
import { foldLedger, netBalance, type LedgerFact } from '../../../shared/engine/ledger';
import type { RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { cardBalances, ledgerEntries, lots } from '../db/schema';

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
 * Replaces the card's lots and balances with the fold of its posted entries (and the sum of its
 * pending ones); `rebuildCards` reads that history.
 */
async function rebuildDerived(
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
