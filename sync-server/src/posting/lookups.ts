import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, customers, staff, stores } from '../db/schema';
import { reject } from './rejection';

export type StoreRow = typeof stores.$inferSelect;
export type CardRow = typeof cards.$inferSelect & {
  readonly customer: typeof customers.$inferSelect | null;
};

export async function loadStore(tx: Session, id: string): Promise<StoreRow> {
  const [store] = await tx.db.select().from(stores).where(eq(stores.id, id));
  return store ?? reject(`store ${id} is unknown`);
}

/** The card with its customer, or null when there is no such card. */
export async function loadCard(tx: Session, number: string): Promise<CardRow | null> {
  const [row] = await tx.db
    .select()
    .from(cards)
    .leftJoin(customers, eq(customers.id, cards.customerId))
    .where(eq(cards.number, number));
  return row ? { ...row.cards, customer: row.customers } : null;
}

/** The card, refused unless it exists and is active. */
export function mustBeActive(card: CardRow | null | undefined, number: string): CardRow {
  if (!card) return reject(`card ${number} is unknown`);
  if (card.status !== 'active')
    return reject(`card ${number} is ${card.status}: it cannot take new entries`);
  return card;
}

/** The card with its customer, refused unless it exists and is active. */
export async function activeCard(tx: Session, number: string): Promise<CardRow> {
  return mustBeActive(await loadCard(tx, number), number);
}

/** A member of staff allowed to act in the store (head office anywhere). */
export async function staffInStore(
  tx: Session,
  id: string | null,
  storeId: string,
  needsManager: boolean,
): Promise<void> {
  if (id === null) return reject(needsManager ? 'this needs a manager' : 'no staff member given');
  const [member] = await tx.db.select().from(staff).where(eq(staff.id, id));
  if (!member || !member.active) return reject(`staff member ${id} is unknown or inactive`);
  if (member.role !== 'headOffice' && !member.stores.includes(storeId))
    return reject(`staff member ${id} does not work in store ${storeId}`);
  if (needsManager && member.role === 'cashier')
    return reject(`this needs a manager; staff member ${id} is a cashier`);
}
