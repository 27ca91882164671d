import type { Session } from '../db/database';
import { ledgerEntries } from '../db/schema';
import { rebuildCards } from './fold';
import type { EntryToPost } from './post';
import type { NewLot, PostedEntry, RunLedger } from './runLedger';

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

/** What a batch posted through a `RunLedger`: its entries in order and the lots they append. */
export interface LedgerWrites {
  readonly entries: readonly PostedEntry[];
  readonly lots: readonly NewLot[];
}

/** Entries with no pending row to settle (the push could not store them, or posted at once). */
async function insertEntries(
  tx: Session,
  entries: readonly PostedEntry[],
  serverTimeOf: (entry: EntryToPost) => Date,
) {
  const rows = entries
    .filter((p) => !p.settles)
    .map(({ entry, points, cropped, vestsAt, expiresAt }) =>
      postedRow(entry, serverTimeOf(entry), { points, cropped, vestsAt, expiresAt }),
    );
  for (let i = 0; i < rows.length; i += 1000)
    await tx.db.insert(ledgerEntries).values(rows.slice(i, i + 1000));
}

/**
 * One statement for the settled entries, the appended lots and the balances as the batch left
 * them. Each part reads its rows from one JSON array of value arrays (`r ->> 0`, ...), so a batch
 * of any size is one round trip and one plan.
 */
const WRITE_SETTLED_LOTS_BALANCES = `with
  settled as (
    update ledger_entries e set status = 'posted', points = (r ->> 1)::bigint,
      cropped = (r ->> 2)::bigint, vests_at = (r ->> 3)::timestamptz,
      expires_at = (r ->> 4)::timestamptz
    from jsonb_array_elements($1::jsonb) r
    where e.id = (r ->> 0)::uuid and e.status = 'pending'),
  lot_rows as (
    insert into lots (entry_id, card_number, reward_point_id, remaining, earned_at, vests_at,
      expires_at)
    select (r ->> 0)::uuid, r ->> 1, r ->> 2, (r ->> 3)::bigint, (r ->> 4)::timestamptz,
      (r ->> 5)::timestamptz, (r ->> 6)::timestamptz
    from jsonb_array_elements($2::jsonb) r)
  insert into card_balances (card_number, reward_point_id, posted, pending)
  select r ->> 0, r ->> 1, (r ->> 2)::bigint, (r ->> 3)::bigint
  from jsonb_array_elements($3::jsonb) r
  on conflict (card_number, reward_point_id) do update
    set posted = excluded.posted, pending = excluded.pending, updated_at = now()`;

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

async function writeSettledLotsBalances(tx: Session, ledger: RunLedger, writes: LedgerWrites) {
  const settled = writes.entries
    .filter((p) => p.settles)
    .map((p) => [p.entry.id, p.points, p.cropped, iso(p.vestsAt), iso(p.expiresAt)]);
  const lotRows = writes.lots.map((lot) => [
    lot.entryId,
    lot.cardNumber,
    lot.rewardPointId,
    lot.remaining,
    iso(lot.earnedAt),
    iso(lot.vestsAt),
    iso(lot.expiresAt),
  ]);
  const balances = ledger
    .touched()
    .map((b) => [b.cardNumber, b.rewardPointId, b.posted, b.pending]);
  if (settled.length === 0 && lotRows.length === 0 && balances.length === 0) return;
  await tx.query(WRITE_SETTLED_LOTS_BALANCES, [
    JSON.stringify(settled),
    JSON.stringify(lotRows),
    JSON.stringify(balances),
  ]);
}

/**
 * Writes what a batch posted through `ledger`, set-based: the entries with no pending row, then one
 * statement for the settled entries, the appended lots and the balances, then the fold of each card
 * the batch could not append to (its lots and balances become the fold of its whole ledger).
 */
export async function writeLedger(
  tx: Session,
  ledger: RunLedger,
  writes: LedgerWrites,
  serverTimeOf: (entry: EntryToPost) => Date,
): Promise<void> {
  await insertEntries(tx, writes.entries, serverTimeOf);
  await writeSettledLotsBalances(tx, ledger, writes);
  await rebuildCards(tx, ledger.folded(), ledger.rewardPoints);
}
