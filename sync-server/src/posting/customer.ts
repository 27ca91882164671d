import { eq, inArray } from 'drizzle-orm';
import type { Fact } from '../../../shared/protocol/sync';
import {
  entriesOfSelfAwards,
  keepSelfAwardsForReview,
  selfAwardOfSubscription,
} from '../cards/selfAwards';
import { affiliations, customers } from '../db/schema';
import { requireApproval, type PostingAuthority } from './authority';
import type { Session } from '../db/database';
import { NOTHING_TO_POST, type CheckedFact } from './checked';
import type { PostingEnv } from './facts';
import { reject } from './rejection';

type CustomerFact = Extract<Fact, { type: 'customer' }>;
type CustomerRow = typeof customers.$inferSelect;

/** The affiliations named, each with whether stores see it; an unknown one is refused. */
async function namedAffiliations(env: PostingEnv, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await env.tx.db
    .select({ id: affiliations.id, hidden: affiliations.hiddenInStores })
    .from(affiliations)
    .where(inArray(affiliations.id, [...ids]));
  const unknown = ids.filter((id) => !rows.some((row) => row.id === id));
  if (unknown.length > 0) reject(`affiliation ${unknown.join(', ')} is unknown`);
  return rows;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The protected fields the fact would change on the customer as stored. */
function changedFields(
  c: CustomerFact['customer'],
  existing: CustomerRow,
  visibleBefore: readonly string[],
): string[] {
  const changed: string[] = [];
  if (c.name !== (existing.name ?? '')) changed.push('name');
  if (c.email !== existing.email) changed.push('e-mail');
  if (c.phone !== existing.phone) changed.push('phone');
  if (
    c.subscriptions.balanceUpdates !== existing.notifyBalanceUpdates ||
    c.subscriptions.expiryWarnings !== existing.notifyExpiryWarnings ||
    c.subscriptions.newsletter !== existing.newsletter
  )
    changed.push('subscriptions');
  if (!sameSet(c.affiliations, visibleBefore)) changed.push('affiliations');
  return changed;
}

/**
 * A customer fact's planner: a customer created or edited at a register (the customer row is its
 * own row). A register may create a customer (with the card it
 * issues); changing an existing customer's identity, subscriptions or affiliations needs a
 * manager's approval the server signed, or head office's repost from the review list. A register
 * never sets an affiliation hidden from stores (cashiers never see one, so a register that sends
 * one was tampered with); the hidden ones the customer has are kept. It cannot lift an enrolment
 * block either.
 */
export async function checkCustomerFact(
  env: PostingEnv,
  fact: CustomerFact,
  at: Date,
  authority: PostingAuthority,
): Promise<CheckedFact> {
  const c = fact.customer;
  const named = await namedAffiliations(env, c.affiliations);
  const hiddenNamed = named.filter((a) => a.hidden).map((a) => a.id);
  if (hiddenNamed.length > 0)
    reject(`affiliation ${hiddenNamed.join(', ')} is hidden from stores: a register never sets it`);

  const [existing] = await env.tx.db.select().from(customers).where(eq(customers.id, c.id));
  const before = await namedAffiliations(env, existing?.affiliations ?? []);
  const kept = before.filter((a) => a.hidden).map((a) => a.id);
  if (existing) {
    const visibleBefore = before.filter((a) => !a.hidden).map((a) => a.id);
    const changed = changedFields(c, existing, visibleBefore);
    if (changed.length > 0)
      await requireApproval(env, authority, fact.approval, {
        staff: null,
        action: { kind: 'customer', customer: c.id },
      });
  }
  const values = {
    name: c.name,
    email: c.email,
    phone: c.phone,
    affiliations: [...new Set([...c.affiliations, ...kept])],
    enrolmentBlocked: (existing?.enrolmentBlocked ?? false) || c.blockedForEnrolment,
    notifyBalanceUpdates: c.subscriptions.balanceUpdates,
    notifyExpiryWarnings: c.subscriptions.expiryWarnings,
    newsletter: c.subscriptions.newsletter,
    // A register that does not say keeps the language head office set.
    language: c.language ?? existing?.language ?? 'en',
    updatedAt: at,
  };
  // Subscribing awards NEWSLETTER once (a new customer gets it with their first card), under the
  // affiliations the customer has once this fact is posted.
  const subscribes = c.subscriptions.newsletter && existing !== undefined && !existing.newsletter;
  const awards = subscribes
    ? await selfAwardOfSubscription(
        env.tx,
        c.id,
        { staffId: null, storeId: fact.store, registerId: fact.register },
        at,
        values.affiliations,
      )
    : [];
  const own = async (tx: Session) => {
    await tx.db
      .insert(customers)
      .values({ id: c.id, ...values, createdAt: at })
      .onConflictDoUpdate({ target: customers.id, set: values });
    await keepSelfAwardsForReview(tx, awards);
  };
  return { ...NOTHING_TO_POST, entries: entriesOfSelfAwards(awards), own };
}
