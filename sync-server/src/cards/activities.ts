import { and, eq, ne, sql } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, customers, ledgerEntries, otherActivityTypes } from '../db/schema';
import { badRequest, conflict } from '../errors';
import type { Actor } from './access';
import { onlineEntry, post, type Posted } from './entries';
import { replayOf, requireStatus } from './operations';
import { loadCard, type CardRow } from './read';

export interface Award {
  readonly id?: string | undefined;
  readonly type: string;
  readonly comment?: string | undefined;
}

/**
 * How often this activity was awarded already: across every card of the customer (a new card
 * does not reset the limit), or on the card itself when it is anonymous. Rejected entries do not
 * count.
 */
async function timesAwarded(tx: Session, card: CardRow, type: string): Promise<number> {
  const ofActivity = and(
    eq(ledgerEntries.kind, 'activity'),
    eq(ledgerEntries.activityType, type),
    ne(ledgerEntries.status, 'rejected'),
  );
  const [row] = card.customerId
    ? await tx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(ledgerEntries)
        .innerJoin(cards, eq(cards.number, ledgerEntries.cardNumber))
        .where(and(eq(cards.customerId, card.customerId), ofActivity))
    : await tx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.cardNumber, card.number), ofActivity));
  return Number(row?.n ?? 0);
}

/** Awards an other activity's points (PRODUCT 4.7), within its per-customer limit (409 past it). */
export async function awardActivity(
  tx: Session,
  number: string,
  award: Award,
  actor: Actor,
  now: Date,
): Promise<Posted> {
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active');
  const [type] = await tx.db
    .select()
    .from(otherActivityTypes)
    .where(eq(otherActivityTypes.id, award.type));
  if (!type)
    throw badRequest('unknownReference', `type: unknown other activity type "${award.type}"`);
  const replay = await replayOf(tx, award.id, number);
  if (!replay && type.perCustomerLimit !== null) {
    // Serialise awards for one customer, so two at once cannot both slip under the limit.
    if (card.customerId)
      await tx.db
        .select({ id: customers.id })
        .from(customers)
        .where(eq(customers.id, card.customerId))
        .for('update');
    const times = await timesAwarded(tx, card, type.id);
    if (times >= type.perCustomerLimit)
      throw conflict(
        'activityLimitReached',
        `${type.name} can be awarded ${type.perCustomerLimit} time(s) per customer; this ${card.customerId ? 'customer' : 'card'} has had it ${times} time(s)`,
      );
  }
  const entry = onlineEntry(
    {
      id: award.id,
      cardNumber: number,
      rewardPointId: type.rewardPointId,
      kind: 'activity',
      points: type.points,
      comment: award.comment,
      activityType: type.id,
    },
    actor,
    now,
  );
  const [outcome] = await post(tx, [entry], now);
  return outcome as Posted;
}
