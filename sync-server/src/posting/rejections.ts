import type { Session } from '../db/database';

/** A fact the post job refuses, with the reason head office reads in the review. */
export interface Rejection {
  readonly factId: string;
  readonly reason: string;
}

async function update(tx: Session, rejections: readonly Rejection[], statement: string) {
  if (rejections.length === 0) return;
  const rows = rejections.map((r) => ({ id: r.factId, reason: r.reason }));
  await tx.query(statement, [JSON.stringify(rows)]);
}

/**
 * Sets the still pending ledger entries of rejected facts aside as rejected. The caller holds the
 * locks of their cards and brings the cards' pending sums up to date.
 */
export async function rejectPendingOf(tx: Session, rejections: readonly Rejection[]) {
  await update(
    tx,
    rejections,
    `update ledger_entries e set status = 'rejected', reason = u.reason
     from jsonb_to_recordset($1::jsonb) as u(id uuid, reason text)
     where e.fact_id = u.id and e.status = 'pending'`,
  );
}

/**
 * The one writer of rejections, for a fact posted alone and for a run alike: each fact is marked
 * rejected with its reason and its pending entries with it.
 */
export async function writeRejections(
  tx: Session,
  rejections: readonly Rejection[],
  at: Date,
): Promise<void> {
  await update(
    tx,
    rejections,
    `update facts f set status = 'rejected', reason = u.reason, processed_at = '${at.toISOString()}'::timestamptz
     from jsonb_to_recordset($1::jsonb) as u(id uuid, reason text) where f.id = u.id`,
  );
  await rejectPendingOf(tx, rejections);
}
