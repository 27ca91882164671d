import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, customers, otherActivityTypes } from '../db/schema';
import type { EntryToPost } from '../ledger/post';
import { loadActivityType, workOutAward, type AwardedCard } from './activityAward';
import { awardEntries, pointsOf, type AwardedBy, type AwardPoints } from './awardEntries';
import { keepForReview, type AwardToKeep } from './awardReview';
import { post } from './entries';

/** The activity types that award themselves, by the id head office gives them (PRODUCT 4.7). */
export const REGISTRATION = 'REGISTRATION';
export const NEWSLETTER = 'NEWSLETTER';

/**
 * An activity that awards itself, worked out but not written: the entries to post, or the award
 * kept for head office's review first (its type needs it). Working out and writing are apart so
 * the post job can write the entries with the rest of a fact's plan (posting/cardIssued.ts).
 */
export type SelfAward =
  | { readonly kind: 'post'; readonly entries: readonly EntryToPost[] }
  | {
      readonly kind: 'review';
      readonly award: AwardToKeep;
      readonly points: AwardPoints;
      readonly by: AwardedBy;
      readonly at: Date;
    };

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

interface SelfAwardInput {
  readonly card: AwardedCard;
  readonly typeId: typeof REGISTRATION | typeof NEWSLETTER;
  readonly by: AwardedBy;
  readonly at: Date;
  /** The customer's affiliations as the posting leaves them, when it changes them. */
  readonly affiliations?: readonly string[];
}

/**
 * An activity that awards itself, if head office defined the type: through the schemes' lines as
 * any award, once per customer whatever the type's own limit. Nothing when the customer had it
 * already or the card earns nothing by it: a card or a subscription never fails for want of points.
 */
async function workOutSelfAward(tx: Session, input: SelfAwardInput): Promise<SelfAward[]> {
  const { card, typeId, by, at } = input;
  const type = await selfAwardedType(tx, typeId);
  if (!type) return [];
  const outcome = await workOutAward(tx, {
    card,
    type: { ...type, perCustomerLimit: 1 },
    storeId: by.storeId,
    at,
    postedOnly: false,
    ...(input.affiliations ? { affiliations: input.affiliations } : {}),
  });
  if (!outcome.ok || Object.keys(outcome.earned).length === 0) return [];
  const id = randomUUID();
  const points = pointsOf(outcome);
  if (type.needsReview) {
    const source: AwardToKeep['source'] = typeId === REGISTRATION ? 'registration' : 'newsletter';
    const award = {
      id,
      cardNumber: card.number,
      customerId: card.customerId,
      type: type.id,
      source,
    };
    return [{ kind: 'review', award: { ...award, comment: null }, points, by, at }];
  }
  const award = { id, cardNumber: card.number, type: type.id, comment: null };
  return [{ kind: 'post', entries: awardEntries(award, points, by, at) }];
}

/** The entries of the awards that post at once. */
export const entriesOfSelfAwards = (awards: readonly SelfAward[]): EntryToPost[] =>
  awards.flatMap((a) => (a.kind === 'post' ? a.entries : []));

/** Keeps the awards whose type needs review in head office's list (their card must exist). */
export async function keepSelfAwardsForReview(
  tx: Session,
  awards: readonly SelfAward[],
): Promise<void> {
  for (const a of awards)
    if (a.kind === 'review') await keepForReview(tx, a.award, a.points, a.by, a.at);
}

/**
 * What a new card awards (it need not be stored yet): REGISTRATION when it is the first card of
 * its customer (a new customer), and NEWSLETTER when the customer is subscribed and has not had it.
 */
export async function selfAwardsOfNewCard(
  tx: Session,
  card: AwardedCard,
  by: AwardedBy,
  at: Date,
): Promise<SelfAward[]> {
  if (!card.customerId) return [];
  const others = await tx.db
    .select({ number: cards.number })
    .from(cards)
    .where(and(eq(cards.customerId, card.customerId), ne(cards.number, card.number)))
    .limit(1);
  const awards =
    others.length === 0 ? await workOutSelfAward(tx, { card, typeId: REGISTRATION, by, at }) : [];
  const [customer] = await tx.db
    .select({ newsletter: customers.newsletter })
    .from(customers)
    .where(eq(customers.id, card.customerId));
  if (customer?.newsletter)
    awards.push(...(await workOutSelfAward(tx, { card, typeId: NEWSLETTER, by, at })));
  return awards;
}

/**
 * What subscribing to the newsletter awards: NEWSLETTER on the customer's newest active card, once.
 * A customer without a card gets it with their first card.
 */
export async function selfAwardOfSubscription(
  tx: Session,
  customerId: string,
  by: AwardedBy,
  at: Date,
  affiliations?: readonly string[],
): Promise<SelfAward[]> {
  const [card] = await tx.db
    .select()
    .from(cards)
    .where(and(eq(cards.customerId, customerId), eq(cards.status, 'active')))
    .orderBy(desc(cards.issuedAt), desc(cards.number))
    .limit(1);
  if (!card) return [];
  return workOutSelfAward(tx, {
    card,
    typeId: NEWSLETTER,
    by,
    at,
    ...(affiliations ? { affiliations } : {}),
  });
}

/** Writes worked-out awards at once (an online request): kept for review, or posted. */
async function writeSelfAwards(tx: Session, awards: readonly SelfAward[], at: Date): Promise<void> {
  await keepSelfAwardsForReview(tx, awards);
  const entries = entriesOfSelfAwards(awards);
  if (entries.length > 0) await post(tx, entries, at);
}

/** After a card is issued online: its awards (selfAwardsOfNewCard), written at once. */
export async function awardsOfNewCard(
  tx: Session,
  number: string,
  by: AwardedBy,
  at: Date,
): Promise<void> {
  const [card] = await tx.db.select().from(cards).where(eq(cards.number, number));
  if (!card) return;
  await writeSelfAwards(tx, await selfAwardsOfNewCard(tx, card, by, at), at);
}

/** After a customer subscribes through head office: selfAwardOfSubscription, written at once. */
export async function awardOfSubscription(
  tx: Session,
  customerId: string,
  by: AwardedBy,
  at: Date,
): Promise<void> {
  await writeSelfAwards(tx, await selfAwardOfSubscription(tx, customerId, by, at), at);
}
