import { asc, eq, gt } from 'drizzle-orm';
import type { Customer } from '../../../../../shared/domain/master';
import type { Session } from '../../../db/database';
import { cards, customers } from '../../../db/schema';
import { distributeCardsNow } from '../../../distribution/cardsNow';
import { awardOfSubscription } from '../../../cards/selfAwards';
import { References } from '../../../hq/references';
import { api } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Body = Omit<Customer, 'id'>;
type Row = typeof customers.$inferSelect;

export const customerToWire = (row: Row): Customer => ({
  id: row.id,
  name: row.name ?? '',
  email: row.email,
  phone: row.phone,
  affiliations: row.affiliations,
  blockedForEnrolment: row.enrolmentBlocked,
  language: row.language,
  subscriptions: {
    balanceUpdates: row.notifyBalanceUpdates,
    expiryWarnings: row.notifyExpiryWarnings,
    newsletter: row.newsletter,
  },
});

async function columns(tx: Session, body: Body) {
  const refs = new References();
  body.affiliations.forEach((id, i) => refs.add('affiliation', `affiliations.${i}`, id));
  await refs.check(tx);
  return {
    name: body.name,
    email: body.email,
    phone: body.phone,
    affiliations: [...new Set(body.affiliations)],
    enrolmentBlocked: body.blockedForEnrolment,
    language: body.language ?? 'en',
    notifyBalanceUpdates: body.subscriptions.balanceUpdates,
    notifyExpiryWarnings: body.subscriptions.expiryWarnings,
    newsletter: body.subscriptions.newsletter,
  };
}

const read = async (session: Session, id: string) => {
  const [row] = await session.db.select().from(customers).where(eq(customers.id, id));
  return row ? customerToWire(row) : null;
};

/**
 * Customers, with affiliations, the loyalty enrolment block and notification subscriptions:
 * `/api/hq/customers`. To find one by name, phone or e-mail, search cards (`GET /api/cards`).
 */
export const customerRoutes = crudRoutes<Customer, Customer, Body>({
  routes: api.hq.customers,
  name: 'customer',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(customers)
      .where(after === undefined ? undefined : gt(customers.id, after))
      .orderBy(asc(customers.id))
      .limit(limit);
    return rows.map(customerToWire);
  },
  read,
  async create(tx, body, now) {
    const values = await columns(tx, body);
    await tx.db
      .insert(customers)
      .values({ id: body.id, ...values, createdAt: now, updatedAt: now });
  },
  async update(tx, id, body, now) {
    const values = await columns(tx, body);
    const [before] = await tx.db
      .select({ newsletter: customers.newsletter })
      .from(customers)
      .where(eq(customers.id, id))
      .for('update');
    if (!before) return false;
    await tx.db
      .update(customers)
      .set({ ...values, updatedAt: now })
      .where(eq(customers.id, id));
    // Subscribing awards NEWSLETTER once, on the customer's newest active card (PRODUCT 4.7).
    if (values.newsletter && !before.newsletter)
      await awardOfSubscription(tx, id, { staffId: null, storeId: null, registerId: null }, now);
    // Stores see the customer inside each card's summary: mark the cards changed for job 1050.
    await tx.db.update(cards).set({ updatedAt: now }).where(eq(cards.customerId, id));
    return true;
  },
  // A block for loyalty enrolment (or any change of the customer) reaches the registers at once.
  async tell(tx, id) {
    const held = await tx.db
      .select({ number: cards.number })
      .from(cards)
      .where(eq(cards.customerId, id));
    return distributeCardsNow(
      tx,
      held.map((card) => card.number),
    );
  },
});
