import type { SaleFact } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import { lockCards } from '../ledger/pending';

/*
 * Which sale paid with an online reservation (PRODUCT 4.2, 5). A tender either pays for one sale
 * or goes back to the card, never both: the sale's use is written, and a release is decided,
 * under the lock of the reservation row. Every path locks the card first and the reservation
 * second (posting a sale, storing a pushed sale, releasing), so two of them never wait on each
 * other in a circle.
 */

export interface LockedReservation {
  readonly tender: string;
  readonly status: 'reserved' | 'released';
  readonly registerId: string | null;
  /** The redeem entries the reservation posted. */
  readonly entryIds: readonly string[];
  /** The sale fact recorded as paying with it, and that fact's status. */
  readonly usedBy: { readonly fact: string; readonly status: string } | null;
}

interface ReservationRow {
  tender: string;
  status: 'reserved' | 'released';
  registerId: string | null;
  entryIds: string[];
  usedBy: string | null;
  usedByStatus: string | null;
}

/**
 * The card's reservations for these tender ids, or holding any of these entry ids, locked for
 * update in a fixed order. The card must already be locked by the caller.
 */
export async function lockReservations(
  tx: Session,
  card: string,
  tenderIds: readonly string[],
  entryIds: readonly string[],
): Promise<LockedReservation[]> {
  if (tenderIds.length === 0 && entryIds.length === 0) return [];
  const locked = await tx.query<{ tender: string }>(
    `select r.tender_id as tender from reservations r
      where r.card_number = $1
        and (r.tender_id::text = any($2::text[])
             or exists (select 1 from jsonb_array_elements(coalesce(r.response -> 'entries', '[]'::jsonb)) e
                         where e ->> 'id' = any($3::text[])))
      order by r.tender_id
      for update of r`,
    [card, [...tenderIds], [...entryIds]],
  );
  if (locked.rows.length === 0) return [];
  const rows = await tx.query<ReservationRow>(
    `select r.tender_id as tender, r.status, r.register_id as "registerId",
            coalesce((select jsonb_agg(e ->> 'id')
                        from jsonb_array_elements(coalesce(r.response -> 'entries', '[]'::jsonb)) e),
                     '[]'::jsonb) as "entryIds",
            u.sale_fact_id as "usedBy", f.status as "usedByStatus"
       from reservations r
       left join reservation_sales u on u.tender_id = r.tender_id
       left join facts f on f.id = u.sale_fact_id
      where r.tender_id::text = any($1::text[])
      order by r.tender_id`,
    [locked.rows.map((row) => row.tender)],
  );
  return rows.rows.map((row) => ({
    tender: row.tender,
    status: row.status,
    registerId: row.registerId,
    entryIds: row.entryIds,
    usedBy:
      row.usedBy === null ? null : { fact: row.usedBy, status: row.usedByStatus ?? 'pending' },
  }));
}

/** The sale recorded as paying with the reservation, unless that sale was set aside as rejected. */
export function payingSale(reservation: LockedReservation): string | null {
  const use = reservation.usedBy;
  return use === null || use.status === 'rejected' ? null : use.fact;
}

/** Records that the sale fact paid with the tender (taking it over from a rejected sale). */
export async function recordTenderUse(
  tx: Session,
  tender: string,
  factId: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `insert into reservation_sales (tender_id, sale_fact_id, used_at) values ($1, $2, $3::timestamptz)
     on conflict (tender_id) do update set sale_fact_id = excluded.sale_fact_id, used_at = excluded.used_at`,
    [tender, factId, at.toISOString()],
  );
}

/**
 * A pushed sale claims the online reservations it pays with, so a release asked for after the
 * push is refused. Nothing is refused here: the post job checks the sale and rejects it with a
 * reason if a tender it names was released or paid for another sale.
 */
export async function claimTendersOfPushedSale(
  tx: Session,
  fact: SaleFact,
  at: Date,
): Promise<void> {
  const { card, tenders, entries, returnOf } = fact.receipt;
  if (card === null || returnOf !== null) return;
  const tenderIds = tenders.filter((t) => t.kind === 'points').map((t) => t.id);
  const spendIds = entries.filter((e) => e.kind === 'redeem' && e.card === card).map((e) => e.id);
  if (tenderIds.length === 0 && spendIds.length === 0) return;
  await lockCards(tx, [card]);
  for (const reservation of await lockReservations(tx, card, tenderIds, spendIds)) {
    const free = reservation.status === 'reserved' && payingSale(reservation) === null;
    if (free && reservation.registerId === fact.register)
      await recordTenderUse(tx, reservation.tender, fact.id, at);
  }
}
