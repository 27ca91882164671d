import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServerContext } from '../context';
import { reservations } from '../db/schema';
import { lockCards } from '../ledger/pending';
import { conflict, forbidden, notFound } from '../errors';
import { postEntries, type EntryToPost } from '../ledger/post';
import { loadRewardPoints } from '../ledger/rewardPoints';
import type { ReserveAnswer, ReservingRegister } from './reserve';
import { lockReservations, payingSale } from './tenderUse';

export interface Released {
  readonly tender: string;
  readonly released: true;
  /** Points given back per reward point (nothing when the tender had been refused). */
  readonly points: Record<string, number>;
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
    const [row] = await tx.db.select().from(reservations).where(eq(reservations.tenderId, tender));
    if (!row) throw notFound(`reservation of tender ${tender}`);
    if (row.storeId !== register.store || row.registerId !== register.id)
      throw forbidden(`tender ${tender} was reserved by another register`);
    // The card first, then the reservation: the order posting a sale takes them in.
    await lockCards(tx, [row.cardNumber]);
    const [locked] = await lockReservations(tx, row.cardNumber, [tender], []);
    const answer = row.response as ReserveAnswer;
    const points = answer.ok ? answer.points : {};
    if (!locked || locked.status === 'released') return { tender, released: true, points };
    const sale = payingSale(locked);
    if (sale !== null)
      throw conflict(
        'tenderUsed',
        `tender ${tender} paid for sale ${sale}, already pushed; return it instead`,
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
