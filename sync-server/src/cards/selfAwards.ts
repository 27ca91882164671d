import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, customers, otherActivityTypes } from '../db/schema';
import { loadActivityType, workOutAward, type AwardedCard } from './activityAward';
import { awardEntries, pointsOf, type AwardedBy } from './awardEntries';
import { keepForReview } from './awardReview';
import { post } from './entries';

/** The activity types that award themselves, by the id head office gives them (PRODUCT 4.7). */
export const REGISTRATION = 'REGISTRATION';
export const NEWSLETTER = 'NEWSLETTER';

/** The type head office defined for it, whatever the case of its id (the demo's is lower case). */
async function selfAwardedType(tx: Session, id: string) {
  const [row] = await tx.db
    .select({ id: otherActivityTypes.id })
    .from(otherActivityTypes)
    .where(eq(sql`upper(${otherActivityTypes.id})`, id))
    .orderBy(asc(otherActivityTypes.id))
    .limit(1);
  return row ? loadActivityType(tx, row.id) : null;
}

/**
 * Awards an activity that awards itself, if head office defined the type: through the schemes'
 * lines as any award, once per customer whatever the type's own limit, and kept for head office's
 * review first when the type needs it. Nothing happens when the customer had it already or the
 * card earns nothing by it: a card or a subscription never fails for want of points.
 */
async function awardByItself(
  tx: Session,
  card: AwardedCard,
  typeId: typeof REGISTRATION | typeof NEWSLETTER,
  by: AwardedBy,
  at: Date,
): Promise<void> {
  const type = await selfAwardedType(tx, typeId);
  if (!type) return;
  const outcome = await workOutAward(tx, {
    card,
    type: { ...type, perCustomerLimit: 1 },
    storeId: by.storeId,
    at,
    postedOnly: false,
  });
  if (!outcome.ok || Object.keys(outcome.earned).length === 0) return;
  const id = randomUUID();
  const points = pointsOf(outcome);
  if (type.needsReview) {
    await keepForReview(
      tx,
      {
        id,
        cardNumber: card.number,
        customerId: card.customerId,
        type: type.id,
        source: typeId === REGISTRATION ? 'registration' : 'newsletter',
        comment: null,
      },
      points,
      by,
      at,
    );
    return;
  }
  const entries = awardEntries(
    { id, cardNumber: card.number, type: type.id, comment: null },
    points,
    by,
    at,
  );
  await post(tx, entries, at);
}

/**
 * After a card is issued: REGISTRATION when it is the first card of its customer (a new
 * customer), and NEWSLETTER when the customer is subscribed and has not had it yet.
 */
export async function awardsOfNewCard(
  tx: Session,
  number: string,
  by: AwardedBy,
  at: Date,
): Promise<void> {
  const [card] = await tx.db.select().from(cards).where(eq(cards.number, number));
  if (!card?.customerId) return;
  const others = await tx.db
    .select({ number: cards.number })
    .from(cards)
    .where(and(eq(cards.customerId, card.customerId), ne(cards.number, number)))
    .limit(1);
  if (others.length === 0) await awardByItself(tx, card, REGISTRATION, by, at);
  const [customer] = await tx.db
    .select({ newsletter: customers.newsletter })
    .from(customers)
    .where(eq(customers.id, card.customerId));
  if (customer?.newsletter) await awardByItself(tx, card, NEWSLETTER, by, at);
}

/**
 * After a customer subscribes to the newsletter: NEWSLETTER on their newest active card, once.
 * A customer without a card gets it with their first card.
 */
export async function awardOfSubscription(
  tx: Session,
  customerId: string,
  by: AwardedBy,
  at: Date,
): Promise<void> {
  const [card] = await tx.db
    .select()
    .from(cards)
    .where(and(eq(cards.customerId, customerId), eq(cards.status, 'active')))
    .orderBy(desc(cards.issuedAt), desc(cards.number))
    .limit(1);
  if (card) await awardByItself(tx, card, NEWSLETTER, by, at);
}
