import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, customers } from '../db/schema';
import { badRequest } from '../errors';
import type { CardSearchQuery } from '../../../shared/protocol/api/cardWire';

/** `like` pattern for "starts with", with the user's % and _ taken literally. */
const startsWith = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function criteria(query: CardSearchQuery): SQL[] {
  const where: SQL[] = [];
  if (query.number) where.push(sql`${cards.number} like ${startsWith(query.number)}`);
  if (query.name)
    where.push(sql`lower(${customers.name}) like ${startsWith(query.name.toLowerCase())}`);
  if (query.phone) where.push(eq(customers.phone, query.phone));
  if (query.email) where.push(sql`lower(${customers.email}) = ${query.email.toLowerCase()}`);
  return where;
}

/**
 * Cards by number prefix, customer name prefix, phone or e-mail (all given must match), in card
 * number order, keyset paged. Each criterion has an index, so a million cards stay quick.
 */
export async function searchCards(session: Session, query: CardSearchQuery) {
  const where = criteria(query);
  if (where.length === 0)
    throw badRequest(
      'searchCriteriaRequired',
      'query: search by number (prefix), name (prefix), phone or email',
    );
  if (query.after) where.push(gt(cards.number, query.after));
  const rows = await session.db
    .select({
      number: cards.number,
      program: cards.programId,
      tier: cards.tierId,
      status: cards.status,
      customerId: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
    })
    .from(cards)
    .leftJoin(customers, eq(customers.id, cards.customerId))
    .where(and(...where))
    .orderBy(asc(cards.number))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((row) => ({
    number: row.number,
    program: row.program,
    tier: row.tier,
    status: row.status,
    customer:
      row.customerId === null
        ? null
        : { id: row.customerId, name: row.name, email: row.email, phone: row.phone },
  }));
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last ? last.number : null };
}

/** At most this many cards answer a search by phone or e-mail (a household may share one). */
export const CONTACT_MATCHES = 10;

/**
 * The cards of a program whose customer has exactly this phone or e-mail (e-mail without case):
 * what a register may ask, as it holds names but never contact details.
 */
export async function cardsByContact(
  session: Session,
  program: string,
  contact: { phone?: string | undefined; email?: string | undefined },
): Promise<{ number: string; name: string }[]> {
  const match = contact.phone
    ? eq(customers.phone, contact.phone)
    : sql`lower(${customers.email}) = ${(contact.email ?? '').toLowerCase()}`;
  const rows = await session.db
    .select({ number: cards.number, name: customers.name })
    .from(cards)
    .innerJoin(customers, eq(customers.id, cards.customerId))
    .where(and(eq(cards.programId, program), match))
    .orderBy(asc(cards.number))
    .limit(CONTACT_MATCHES);
  return rows.map((row) => ({ number: row.number, name: row.name ?? '' }));
}
