import { eq, sql } from 'drizzle-orm';
import { balanceSummary } from '../../../shared/engine/lots';
import { tierHeld } from '../../../shared/engine/tiers';
import type { Session } from '../db/database';
import { cardBalances, cards, customers } from '../db/schema';
import { loadCardLots } from '../ledger/cardLots';
import { notFound } from '../errors';
import type { CardView } from '../../../shared/protocol/api/cardWire';

export type CardRow = typeof cards.$inferSelect;

/** The card row, locked for the rest of the transaction when `lock` is set; 404 when unknown. */
export async function loadCard(session: Session, number: string, lock = false): Promise<CardRow> {
  const query = session.db.select().from(cards).where(eq(cards.number, number));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound(`card ${number}`);
  return row;
}

/** Net posted balance per reward point (card_balances, kept as the fold of the ledger). */
export async function postedBalances(session: Session, number: string) {
  return session.db
    .select({
      rewardPointId: cardBalances.rewardPointId,
      posted: cardBalances.posted,
      pending: cardBalances.pending,
    })
    .from(cardBalances)
    .where(eq(cardBalances.cardNumber, number))
    .orderBy(sql`${cardBalances.rewardPointId}`);
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

function source(row: CardRow): CardView['source'] {
  if (row.enrolmentSource === 'register' && row.enrolmentStoreId && row.enrolmentRegisterId)
    return { kind: 'register', store: row.enrolmentStoreId, register: row.enrolmentRegisterId };
  return { kind: row.enrolmentSource === 'api' ? 'api' : 'headOffice' };
}

/** The card's hold on a tier set by hand, while it runs. */
function runningHold(row: CardRow, at: number): Pick<CardView, 'tierHold'> {
  if (!row.tierHeldUntil || !tierHeld(row.tierHeldUntil.getTime(), at)) return {};
  return {
    tierHold: {
      until: row.tierHeldUntil.toISOString(),
      reason: row.tierHoldReason,
      setBy: row.tierHeldBy,
    },
  };
}

/** A card with its customer and, per reward point, what a cashier is shown (PRODUCT 1, 4.2). */
export async function cardView(session: Session, number: string, at: number): Promise<CardView> {
  const row = await loadCard(session, number);
  const [customer] = row.customerId
    ? await session.db.select().from(customers).where(eq(customers.id, row.customerId))
    : [];
  const summary = balanceSummary(await loadCardLots(session, number), at);
  const stored = await postedBalances(session, number);
  const ids = [...new Set([...stored.map((b) => b.rewardPointId), ...Object.keys(summary)])].sort();
  return {
    number: row.number,
    program: row.programId,
    tier: row.tierId,
    tierValidUntil: iso(row.tierValidUntil),
    status: row.status,
    replacedBy: row.replacedBy,
    source: source(row),
    issuedAt: row.issuedAt.toISOString(),
    customer: customer
      ? {
          id: customer.id,
          name: customer.name,
          email: customer.email,
          phone: customer.phone,
          affiliations: customer.affiliations,
          blockedForEnrolment: customer.enrolmentBlocked,
        }
      : null,
    ...runningHold(row, at),
    balances: ids.map((id) => {
      const balance = stored.find((b) => b.rewardPointId === id);
      return {
        rewardPoint: id,
        posted: balance?.posted ?? 0,
        pending: balance?.pending ?? 0,
        available: summary[id]?.available ?? 0,
        unvested: summary[id]?.unvested ?? 0,
        expiring30: summary[id]?.expiring30 ?? 0,
      };
    }),
  };
}
