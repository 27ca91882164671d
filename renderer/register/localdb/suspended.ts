import type { BasketContent } from '../sale/basket';
import type { RegisterDb, SuspendedRow } from './schema';

/**
 * Baskets put aside: kept in IndexedDB so they survive a reload and going offline. The one writer
 * of the `suspended` table.
 */
export async function putAside(
  db: RegisterDb,
  basket: BasketContent,
  staff: string,
  total: number,
  at: Date,
): Promise<void> {
  const row: SuspendedRow = {
    saleId: basket.saleId,
    basket,
    staff,
    savedAt: at.toISOString(),
    total,
    lineCount: basket.items.length,
  };
  await db.suspended.put(row);
}

/** The baskets put aside, oldest first. */
export const suspendedBaskets = (db: RegisterDb): Promise<SuspendedRow[]> =>
  db.suspended.orderBy('savedAt').toArray();

export const suspendedCount = (db: RegisterDb): Promise<number> => db.suspended.count();

/** Takes a basket back out (it leaves the list in the same transaction); null if already taken. */
export function takeUp(db: RegisterDb, saleId: string): Promise<BasketContent | null> {
  return db.transaction('rw', [db.suspended], async () => {
    const row = await db.suspended.get(saleId);
    if (!row) return null;
    await db.suspended.delete(saleId);
    return row.basket;
  });
}
