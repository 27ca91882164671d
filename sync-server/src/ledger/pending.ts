import { inArray } from 'drizzle-orm';
import type { Session } from '../db/database';
import { ledgerEntries, rewardPoints, staff } from '../db/schema';
import type { EntryToPost } from './post';

async function existing(found: Promise<{ id: string }[]>): Promise<ReadonlySet<string>> {
  return new Set((await found).map((row) => row.id));
}

/**
 * Locks the cards (in a fixed order, so two transactions never wait on each other in a circle).
 * The numbers go as one array: the planner then does not estimate each of them (with hundreds of
 * cards that took longer than the lock itself).
 */
export async function lockCards(tx: Session, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await tx.query<{ number: string }>(
    `select number from cards where number in (select unnest($1::text[]))
      order by number for update`,
    [[...numbers]],
  );
  return new Set(rows.rows.map((row) => row.number));
}

/**
 * Sets each card's pending sum per reward point to the sum of its pending entries (zero when none),
 * for all the cards at once.
 */
export async function refreshPending(tx: Session, cardNumbers: readonly string[]): Promise<void> {
  if (cardNumbers.length === 0) return;
  await tx.query(
    `insert into card_balances (card_number, reward_point_id, posted, pending)
     select card_number, reward_point_id, 0, sum(points)
       from ledger_entries
      where card_number in (select unnest($1::text[])) and status = 'pending'
      group by card_number, reward_point_id
     on conflict (card_number, reward_point_id)
     do update set pending = excluded.pending, updated_at = now()`,
    [[...cardNumbers]],
  );
  await tx.query(
    `update card_balances b set pending = 0, updated_at = now()
      where b.card_number in (select unnest($1::text[])) and b.pending <> 0
        and not exists (select 1 from ledger_entries e where e.card_number = b.card_number
                         and e.reward_point_id = b.reward_point_id and e.status = 'pending')`,
    [[...cardNumbers]],
  );
}

/**
 * Writes a fact's entries as pending (PRODUCT 5), so the card shows the points at once. Entries of
 * a card or reward point the server does not know yet (a card issued offline in the same push) are
 * left to the post job, which inserts them when it posts; references the server does not know are
 * left empty here and checked by the job. An id already in the ledger (an online reservation's
 * spend) stays as it is.
 */
export async function showAsPending(
  tx: Session,
  entries: readonly EntryToPost[],
  serverTime: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const cardNumbers = [...new Set(entries.map((e) => e.cardNumber))].sort();
  const knownCards = await lockCards(tx, cardNumbers);
  const knownRewardPoints = await existing(
    tx.db
      .select({ id: rewardPoints.id })
      .from(rewardPoints)
      .where(inArray(rewardPoints.id, [...new Set(entries.map((e) => e.rewardPointId))])),
  );
  const staffIds = entries.flatMap((e) => (e.staffId ? [e.staffId] : []));
  const knownStaff = await existing(
    staffIds.length === 0
      ? Promise.resolve([])
      : tx.db.select({ id: staff.id }).from(staff).where(inArray(staff.id, staffIds)),
  );
  const reversed = entries.flatMap((e) => (e.reverses ? [e.reverses] : []));
  const knownEntries = await existing(
    reversed.length === 0
      ? Promise.resolve([])
      : tx.db
          .select({ id: ledgerEntries.id })
          .from(ledgerEntries)
          .where(inArray(ledgerEntries.id, reversed)),
  );
  const rows = entries
    .filter((e) => knownCards.has(e.cardNumber) && knownRewardPoints.has(e.rewardPointId))
    .map((e) => ({
      id: e.id,
      cardNumber: e.cardNumber,
      rewardPointId: e.rewardPointId,
      kind: e.kind,
      points: e.points,
      cropped: e.cropped ?? 0,
      storeId: e.storeId ?? null,
      registerId: e.registerId ?? null,
      receiptId: e.receiptId ?? null,
      lineId: e.lineId ?? null,
      schemeId: e.schemeId ?? null,
      schemeVersion: e.schemeVersion ?? null,
      ruleIds: [...(e.ruleIds ?? [])],
      earnedAt: e.earnedAt,
      origin: e.origin,
      status: 'pending' as const,
      staffId: e.staffId && knownStaff.has(e.staffId) ? e.staffId : null,
      comment: e.comment ?? null,
      deviceTime: e.deviceTime ?? null,
      deviceSeq: e.deviceSeq ?? null,
      serverTime,
      lots: e.lots ? [...e.lots] : null,
      reverses: e.reverses && knownEntries.has(e.reverses) ? e.reverses : null,
      factId: e.factId ?? null,
      activityType: e.activityType ?? null,
    }));
  if (rows.length === 0) return;
  await tx.db.insert(ledgerEntries).values(rows).onConflictDoNothing({ target: ledgerEntries.id });
  await refreshPending(tx, [...new Set(rows.map((r) => r.cardNumber))]);
}
