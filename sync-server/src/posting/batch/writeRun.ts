import type { Session } from '../../db/database';
import { applyTierChanges } from '../../tiers/evaluate';
import { writeLedger } from '../../ledger/write';
import { writeRejections } from '../rejections';
import type { FactPlan } from './planFact';
import type { Run } from './planFact';

type Posted = Extract<FactPlan, { kind: 'posted' }>;
type Rejected = Extract<FactPlan, { kind: 'rejected' }>;

async function writeRejected(tx: Session, rejected: Rejected[], at: Date) {
  await writeRejections(
    tx,
    rejected.map((r) => ({ factId: r.row.id, reason: r.reason })),
    at,
  );
}

/** The posted facts' rows, each set of rows as one JSON array of values in column order. */
function postedRows(posted: Posted[]) {
  const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
  return {
    facts: posted.map((p) => p.row.id),
    sales: posted.map(({ sale }) => [
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

async function writePosted(tx: Session, posted: Posted[], at: Date) {
  const rows = postedRows(posted);
  if (rows.facts.length === 0) return;
  await tx.query(WRITE_POSTED, [rows.facts, JSON.stringify(rows.sales), at.toISOString()]);
}

/**
 * Writes what a run's facts did, set-based: the rejected facts and their entries, the ledger part
 * (`ledger/write.ts`: entries, lots, balances, the fold of each card the run could not append to),
 * then one statement for the posted facts (statuses, receipts), then the tier changes.
 */
export async function writeRun(run: Run, plans: readonly FactPlan[], at: Date): Promise<void> {
  const { tx } = run;
  const posted = plans.filter((p): p is Posted => p.kind === 'posted');
  const rejected = plans.filter((p): p is Rejected => p.kind === 'rejected');
  const serverTimes = new Map(posted.map((p) => [p.row.id, p.row.serverTime]));
  await writeRejected(tx, rejected, at);
  await writeLedger(
    tx,
    run.ledger,
    { entries: posted.flatMap((p) => p.entries), lots: posted.flatMap((p) => p.lots) },
    ({ factId }) => (factId && serverTimes.get(factId)) || at,
  );
  await writePosted(tx, posted, at);
  await applyTierChanges(tx, run.tiers.changes(), at);
}
