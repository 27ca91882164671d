import { and, desc, eq, lt } from 'drizzle-orm';
import type { Session } from '../db/database';
import { ledgerEntries } from '../db/schema';
import type { HistoryEntry } from '../../../shared/protocol/api/cardWire';

type Row = typeof ledgerEntries.$inferSelect;
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

const toWire = (row: Row): HistoryEntry => ({
  seq: row.seq,
  id: row.id,
  card: row.cardNumber,
  rewardPoint: row.rewardPointId,
  kind: row.kind,
  points: row.points,
  status: row.status,
  reason: row.reason,
  origin: row.origin,
  cropped: row.cropped,
  store: row.storeId,
  register: row.registerId,
  receipt: row.receiptId,
  line: row.lineId,
  scheme: row.schemeId,
  schemeVersion: row.schemeVersion,
  rules: row.ruleIds,
  earnedAt: row.earnedAt.toISOString(),
  vestsAt: iso(row.vestsAt),
  expiresAt: iso(row.expiresAt),
  staff: row.staffId,
  comment: row.comment,
  deviceTime: iso(row.deviceTime),
  deviceSeq: row.deviceSeq,
  serverTime: row.serverTime.toISOString(),
  lots: row.lots ? row.lots.map((use) => ({ id: use.id, points: use.points })) : null,
  reverses: row.reverses,
  fact: row.factId,
  activityType: row.activityType,
});

/** A card's ledger entries, newest first, every field; paged by the server's posting order. */
export async function cardHistory(
  session: Session,
  number: string,
  limit: number,
  before: number | undefined,
): Promise<{ items: HistoryEntry[]; next: number | null }> {
  const rows = await session.db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.cardNumber, number),
        before === undefined ? undefined : lt(ledgerEntries.seq, before),
      ),
    )
    .orderBy(desc(ledgerEntries.seq))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toWire);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? last.seq : null };
}
