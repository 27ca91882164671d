import { eq } from 'drizzle-orm';
import type { Lot } from '../../../shared/engine/model';
import { points } from '../../../shared/units/integers';
import type { Session } from '../db/database';
import { lots } from '../db/schema';

/** A card's lots as the engine wants them (kept current with the ledger by the posting step). */
export async function loadCardLots(session: Session, cardNumber: string): Promise<Lot[]> {
  const rows = await session.db.select().from(lots).where(eq(lots.cardNumber, cardNumber));
  return rows.map((row) => ({
    id: row.entryId,
    rewardPoint: row.rewardPointId,
    remaining: points(row.remaining),
    earnedAt: row.earnedAt.getTime(),
    vestsAt: row.vestsAt?.getTime() ?? null,
    expiresAt: row.expiresAt?.getTime() ?? null,
  }));
}
