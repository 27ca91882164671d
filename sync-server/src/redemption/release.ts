import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { ServerContext } from '../context';
import type { Session } from '../db/database';
import { facts, reservations } from '../db/schema';
import { conflict, forbidden, notFound } from '../http/errors';
import { postEntries, type EntryToPost } from '../ledger/post';
import { loadRewardPoints } from '../ledger/rewardPoints';
import type { ReserveAnswer, ReservingRegister } from './reserve';

export interface Released {
  readonly tender: string;
  readonly released: true;
  /** Points given back per reward point (nothing when the tender had been refused). */
  readonly points: Record<string, number>;
}

/** Whether a sale the register pushed (and the server did not reject) paid with this tender. */
async function tenderInASale(tx: Session, tender: string): Promise<boolean> {
  const rows = await tx.db
    .select({ id: facts.id })
    .from(facts)
    .where(
      sql`${facts.type} = 'sale' and ${facts.status} <> 'rejected'
          and ${facts.body} -> 'receipt' -> 'tenders' @> ${JSON.stringify([{ id: tender }])}::jsonb`,
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Gives a reservation's points back when the sale is abandoned, once: refundRedeem entries that
 * reverse the spends. Asking again answers the same; a tender a pushed sale used cannot be released.
 */
export async function releaseReservation(
  context: ServerContext,
  register: ReservingRegister,
  tender: string,
): Promise<Released> {
  return context.database.transaction(async (tx) => {
    const [row] = await tx.db
      .select()
      .from(reservations)
      .where(eq(reservations.tenderId, tender))
      .for('update');
    if (!row) throw notFound(`reservation of tender ${tender}`);
    if (row.storeId !== register.store || row.registerId !== register.id)
      throw forbidden(`tender ${tender} was reserved by another register`);
    const answer = row.response as ReserveAnswer;
    const points = answer.ok ? answer.points : {};
    if (row.status === 'released') return { tender, released: true, points };
    if (await tenderInASale(tx, tender))
      throw conflict(
        'tenderUsed',
        `tender ${tender} paid for a sale already pushed; return it instead`,
      );
    const at = new Date(context.clock.now());
    const spends = answer.ok ? (answer.entries ?? []) : [];
    const refunds: EntryToPost[] = spends.map((spend) => ({
      id: randomUUID(),
      cardNumber: row.cardNumber,
      rewardPointId: spend.rewardPoint,
      kind: 'refundRedeem',
      points: -spend.points,
      earnedAt: at,
      origin: 'online',
      storeId: row.storeId,
      registerId: row.registerId,
      reverses: spend.id,
      comment: `points tender ${tender} released`,
    }));
    if (refunds.length > 0) await postEntries(tx, refunds, await loadRewardPoints(tx), at);
    await tx.db
      .update(reservations)
      .set({ status: 'released' })
      .where(eq(reservations.tenderId, tender));
    return { tender, released: true, points };
  });
}
