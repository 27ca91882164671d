import { eq, inArray } from 'drizzle-orm';
import type { Fact } from '../../../shared/protocol/sync';
import { affiliations, customers } from '../db/schema';
import type { PostingEnv } from './facts';
import { reject } from './rejection';

type CustomerFact = Extract<Fact, { type: 'customer' }>;

/**
 * A customer created or edited at a register. A register cannot lift an enrolment block, and it
 * keeps the affiliations hidden from stores, which cashiers never see and so never send back.
 */
export async function postCustomer(env: PostingEnv, fact: CustomerFact, at: Date): Promise<void> {
  const c = fact.customer;
  const known = c.affiliations.length
    ? await env.tx.db
        .select({ id: affiliations.id })
        .from(affiliations)
        .where(inArray(affiliations.id, c.affiliations))
    : [];
  const unknown = c.affiliations.filter((id) => !known.some((k) => k.id === id));
  if (unknown.length > 0) reject(`affiliation ${unknown.join(', ')} is unknown`);

  const [existing] = await env.tx.db.select().from(customers).where(eq(customers.id, c.id));
  const hidden = existing?.affiliations.length
    ? await env.tx.db
        .select({ id: affiliations.id, hidden: affiliations.hiddenInStores })
        .from(affiliations)
        .where(inArray(affiliations.id, existing.affiliations))
    : [];
  const kept = hidden.filter((a) => a.hidden).map((a) => a.id);
  const values = {
    name: c.name,
    email: c.email,
    phone: c.phone,
    affiliations: [...new Set([...c.affiliations, ...kept])],
    enrolmentBlocked: (existing?.enrolmentBlocked ?? false) || c.blockedForEnrolment,
    notifyBalanceUpdates: c.subscriptions.balanceUpdates,
    notifyExpiryWarnings: c.subscriptions.expiryWarnings,
    updatedAt: at,
  };
  await env.tx.db
    .insert(customers)
    .values({ id: c.id, ...values, createdAt: at })
    .onConflictDoUpdate({ target: customers.id, set: values });
}
