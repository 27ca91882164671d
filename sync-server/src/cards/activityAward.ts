import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { schemesThatApply } from '../../../shared/checkout/scheme';
import { schemeRules } from '../../../shared/domain/toEngine';
import {
  awardActivity,
  type ActivityAward,
  type ActivityTypeRules,
} from '../../../shared/engine/activity';
import type { Session } from '../db/database';
import {
  activityAwards,
  cards,
  customers,
  ledgerEntries,
  otherActivityTypes,
  stores,
} from '../db/schema';
import { schemesForStore } from '../hq/storeSchemes';

/** The card as an award needs it: who holds it, in which program and tier. */
export interface AwardedCard {
  readonly number: string;
  readonly customerId: string | null;
  readonly programId: string;
  readonly tierId: string | null;
}

export interface ActivityType extends ActivityTypeRules {
  readonly name: string;
  /** Awards through the API (and those that award themselves) wait in the review list first. */
  readonly needsReview: boolean;
}

/** The activity type a stored row describes: the one place its columns are read. */
export const activityTypeOf = (row: typeof otherActivityTypes.$inferSelect): ActivityType => ({
  id: row.id,
  name: row.name,
  rewardPoint: row.rewardPointId,
  points: row.points,
  perCustomerLimit: row.perCustomerLimit,
  needsReview: row.needsReview,
});

export async function loadActivityType(tx: Session, id: string): Promise<ActivityType | null> {
  const [row] = await tx.db.select().from(otherActivityTypes).where(eq(otherActivityTypes.id, id));
  return row ? activityTypeOf(row) : null;
}

/** Up to `limit` activity types with ids after `after`, in id order. */
export async function listActivityTypes(
  tx: Session,
  limit: number,
  after: string | undefined,
): Promise<ActivityType[]> {
  const rows = await tx.db
    .select()
    .from(otherActivityTypes)
    .where(after === undefined ? undefined : gt(otherActivityTypes.id, after))
    .orderBy(asc(otherActivityTypes.id))
    .limit(limit);
  return rows.map(activityTypeOf);
}

/**
 * How often the activity was awarded already: across every card of the customer (a new card does
 * not reset the limit), or on the card itself when it is anonymous. One award may post an entry per
 * reward point; they share their fact (or online award) id, so an award counts once. Rejected
 * entries never count; pending ones count unless `postedOnly` (the post job judges pending facts
 * one by one, in order). Awards waiting in head office's review list count too, but for `except`
 * (the waiting award being posted).
 */
export async function timesAwarded(
  tx: Session,
  card: AwardedCard,
  type: string,
  postedOnly: boolean,
  except?: string,
): Promise<number> {
  const numbers = card.customerId
    ? (
        await tx.db
          .select({ number: cards.number })
          .from(cards)
          .where(eq(cards.customerId, card.customerId))
      ).map((c) => c.number)
    : [card.number];
  const [row] = await tx.db
    .select({
      n: sql<number>`count(distinct coalesce(${ledgerEntries.factId}, ${ledgerEntries.id}))::int`,
    })
    .from(ledgerEntries)
    .where(
      and(
        inArray(ledgerEntries.cardNumber, numbers),
        eq(ledgerEntries.kind, 'activity'),
        eq(ledgerEntries.activityType, type),
        postedOnly ? eq(ledgerEntries.status, 'posted') : ne(ledgerEntries.status, 'rejected'),
      ),
    );
  const [waiting] = await tx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(activityAwards)
    .where(
      and(
        inArray(activityAwards.cardNumber, numbers),
        eq(activityAwards.activityType, type),
        eq(activityAwards.status, 'waiting'),
        except === undefined ? undefined : ne(activityAwards.id, except),
      ),
    );
  return Number(row?.n ?? 0) + Number(waiting?.n ?? 0);
}

/** The affiliations the server knows the card's customer has (hidden ones included). */
export async function affiliationsOf(tx: Session, card: AwardedCard): Promise<string[]> {
  if (!card.customerId) return [];
  const [row] = await tx.db
    .select({ affiliations: customers.affiliations })
    .from(customers)
    .where(eq(customers.id, card.customerId));
  return row?.affiliations ?? [];
}

/**
 * The store whose schemes an award runs under: where it is made, or, from head office, the first
 * store of the card's program (whose schemes for every store are the program's own).
 */
async function awardStore(tx: Session, card: AwardedCard, storeId: string | null) {
  const [store] = storeId
    ? await tx.db.select().from(stores).where(eq(stores.id, storeId))
    : await tx.db
        .select()
        .from(stores)
        .where(eq(stores.programId, card.programId))
        .orderBy(asc(stores.id))
        .limit(1);
  return store ?? null;
}

/**
 * What awarding `type` gives the card (PRODUCT 4.7) under the schemes that apply at `at`: the
 * processed schemes of the store the award is made in, or from head office the schemes that apply
 * to every store of the card's program.
 */
export async function workOutAward(
  tx: Session,
  input: {
    readonly card: AwardedCard;
    readonly type: ActivityTypeRules;
    readonly storeId: string | null;
    readonly at: Date;
    readonly postedOnly: boolean;
    /** A waiting award being posted: not counted against itself. */
    readonly except?: string;
    /** The customer's affiliations as the posting leaves them, when it changes them (a customer fact). */
    readonly affiliations?: readonly string[];
  },
): Promise<ActivityAward> {
  const { card, type } = input;
  const store = await awardStore(tx, card, input.storeId);
  const when = { at: input.at.getTime(), timeZone: store?.timeZone ?? 'UTC' };
  const processed = store ? await schemesForStore(tx, store.id) : [];
  const everyStore = input.storeId ? processed : processed.filter((s) => s.stores.length === 0);
  const setting = store ? { store: store.id, program: card.programId } : null;
  const schemes = schemesThatApply(everyStore, setting, when).map((s) =>
    schemeRules(s, store?.currency ?? 'USD'),
  );
  return awardActivity({
    schemes,
    card: {
      tier: card.tierId,
      affiliations: input.affiliations ? [...input.affiliations] : await affiliationsOf(tx, card),
    },
    type,
    timesAwarded: await timesAwarded(tx, card, type.id, input.postedOnly, input.except),
    when,
  });
}
