import type { Session } from '../../db/database';
import { factReviews } from '../../db/schema';
import { applyTierChanges } from '../../tiers/evaluate';
import { writeLedger } from '../../ledger/write';
import type { FactRow, Review } from '../facts';
import { rejectPendingOf, writeRejections } from '../rejections';
import type { FactPlan } from './factPlan';
import type { Run } from './planFact';

type Posted = Extract<FactPlan, { kind: 'posted' }>;
type Kept = Extract<FactPlan, { kind: 'kept' }>;
type Rejected = Extract<FactPlan, { kind: 'rejected' }>;

async function writeRejected(tx: Session, rejected: Rejected[], at: Date) {
  await writeRejections(
    tx,
    rejected.map((r) => ({ factId: r.row.id, reason: r.reason })),
    at,
  );
}

/** The posted and kept facts' rows, each set of rows as one JSON array of values in column order. */
function postedRows(posted: Posted[], kept: Kept[]) {
  const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
  const sales = [...posted.flatMap((p) => p.sale ?? []), ...kept.map((k) => k.sale)];
  return {
    facts: [...posted, ...kept].map((p) => p.row.id),
    sales: sales.map((sale) => [
      sale.id,
      sale.storeId,
      sale.registerId,
      sale.staffId,
      sale.cardNumber,
      sale.currency,
      sale.totalMinor,
      sale.lines,
      sale.tenders,
      sale.returnOf,
      sale.offline,
      iso(sale.deviceTime),
      sale.deviceSeq,
      iso(sale.serverTime),
      sale.factId,
    ]),
  };
}

/**
 * One statement for what every posted fact writes besides its ledger part: its status and its
 * receipt. Each part reads its rows from one JSON array of value arrays (`r ->> 0`, ...), so a run
 * of 500 facts is one round trip and one plan.
 */
const WRITE_POSTED = `with
  fact_rows as (
    update facts set status = 'posted', processed_at = $3::timestamptz
    where id = any($1::uuid[]))
  insert into sales (id, store_id, register_id, staff_id, card_number, currency, total_minor,
    lines, tenders, return_of, offline, device_time, device_seq, server_time, fact_id)
  select r ->> 0, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, (r ->> 6)::bigint, r -> 7, r -> 8,
    r ->> 9, (r ->> 10)::boolean, (r ->> 11)::timestamptz, (r ->> 12)::bigint,
    (r ->> 13)::timestamptz, (r ->> 14)::uuid
  from jsonb_array_elements($2::jsonb) r
  on conflict (id) do nothing`;

async function writePosted(tx: Session, posted: Posted[], kept: Kept[], at: Date) {
  const rows = postedRows(posted, kept);
  if (rows.facts.length === 0) return;
  await tx.query(WRITE_POSTED, [rows.facts, JSON.stringify(rows.sales), at.toISOString()]);
}

/**
 * Kept sales: their pending entries rejected with the reason, the fact posted (by writePosted)
 * with that reason for the register and head office.
 */
async function writeKept(tx: Session, kept: Kept[]) {
  if (kept.length === 0) return;
  const reasons = kept.map((k) => ({ factId: k.row.id, reason: k.reason }));
  await rejectPendingOf(tx, reasons);
  await tx.query(
    `update facts f set reason = u.reason
     from jsonb_to_recordset($1::jsonb) as u(id uuid, reason text) where f.id = u.id`,
    [JSON.stringify(reasons.map((r) => ({ id: r.factId, reason: r.reason })))],
  );
}

/** Pending entries a posted fact no longer posts (a return moved to the card that replaced its). */
async function writeSetAside(tx: Session, posted: Posted[]) {
  const rows = posted.flatMap((p) =>
    p.setAside ? p.setAside.ids.map((id) => ({ id, reason: p.setAside?.reason })) : [],
  );
  if (rows.length === 0) return;
  await tx.query(
    `update ledger_entries e set status = 'rejected', reason = u.reason
     from jsonb_to_recordset($1::jsonb) as u(id uuid, reason text)
     where e.id = u.id and e.status = 'pending'`,
    [JSON.stringify(rows)],
  );
}

/** What head office should review although the facts were posted. */
async function writeReviews(tx: Session, reviews: { row: FactRow; review: Review }[], at: Date) {
  if (reviews.length === 0) return;
  await tx.db
    .insert(factReviews)
    .values(
      reviews.map(({ row, review }) => ({
        factId: row.id,
        cardNumber: review.cardNumber,
        storeId: row.storeId,
        registerId: row.registerId,
        kind: review.kind,
        reason: review.reason,
        points: review.points,
        flaggedAt: at,
      })),
    )
    .onConflictDoNothing({ target: factReviews.factId });
}

/**
 * The one writer of what posting does, for a run of many facts and a run of one alike, set-based:
 * the rejected facts and their entries, the kept sales' rejected entries and other set-aside
 * entries, the facts' own rows (a card, a customer), the ledger part (`ledger/write.ts`: entries,
 * lots, balances, the fold of each card the run could not append to), one statement for the
 * posted facts (statuses, receipts), the reviews, then the tier changes. A run may be written
 * more than once: each write writes what its plans moved since the last.
 */
export async function writeRun(run: Run, plans: readonly FactPlan[], at: Date): Promise<void> {
  const { tx } = run;
  const posted = plans.filter((p): p is Posted => p.kind === 'posted');
  const kept = plans.filter((p): p is Kept => p.kind === 'kept');
  const rejected = plans.filter((p): p is Rejected => p.kind === 'rejected');
  const serverTimes = new Map(posted.map((p) => [p.row.id, p.row.serverTime]));
  await writeRejected(tx, rejected, at);
  await writeKept(tx, kept);
  await writeSetAside(tx, posted);
  // Before the ledger part: an issued card's own row is the card its awards post to.
  for (const plan of posted) if (plan.own) await plan.own(tx);
  await writeLedger(
    tx,
    run.ledger,
    { entries: posted.flatMap((p) => p.entries), lots: posted.flatMap((p) => p.lots) },
    ({ factId }) => (factId && serverTimes.get(factId)) || at,
  );
  await writePosted(tx, posted, kept, at);
  await writeReviews(
    tx,
    [
      ...posted.flatMap((p) => p.reviews.map((review) => ({ row: p.row, review }))),
      ...kept.map((k) => ({ row: k.row, review: k.review })),
    ],
    at,
  );
  await applyTierChanges(tx, run.tiers.changes(), at);
  // The run may go on after this write (more facts planned into it): it starts from what it wrote.
  run.ledger.written();
  run.tiers.written();
}
