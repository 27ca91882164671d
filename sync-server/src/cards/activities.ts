import { randomUUID } from 'node:crypto';
import type { ActivityAwardView } from '../../../shared/protocol/api/awardWire';
import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { customers } from '../db/schema';
import { conflict, invalidField } from '../errors';
import type { Actor } from './access';
import { loadActivityType, timesAwarded, workOutAward, type ActivityType } from './activityAward';
import { awardEntries, pointsOf } from './awardEntries';
import { keepForReview, keptAward } from './awardReview';
import { post, type Posted } from './entries';
import { replayOf, requireStatus } from './operations';
import { loadCard, type CardRow } from './read';

export interface Award {
  readonly id?: string | undefined;
  readonly type: string;
  readonly comment?: string | undefined;
}

/** Serialises awards for one customer, so two at once cannot both slip under the limit. */
async function lockCustomer(tx: Session, card: CardRow): Promise<void> {
  if (card.customerId)
    await tx.db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.id, card.customerId))
      .for('update');
}

function limitReached(type: ActivityType, times: number, card: CardRow) {
  return conflict(
    'activityLimitReached',
    `${type.name} can be awarded ${type.perCustomerLimit} time(s) per customer; this ${card.customerId ? 'customer' : 'card'} has had it ${times} time(s)`,
  );
}

export interface Awarded {
  readonly entries: Posted[];
  /** The award kept in head office's review list instead of posted (a type that needs review). */
  readonly waiting: ActivityAwardView | null;
}

/**
 * Awards an other activity (PRODUCT 4.7) through the schemes' `otherActivity:<type>` lines for the
 * card's tier and affiliations, within the type's per-customer limit (409 past it, and 409 when
 * the card earns nothing by it, e.g. under an excluded affiliation). One entry per reward point.
 * A type that needs review keeps the award in head office's list instead, unless a manager makes
 * it at a register (the manager is the review there).
 */
export async function awardActivity(
  tx: Session,
  number: string,
  award: Award,
  actor: Actor,
  now: Date,
): Promise<Awarded> {
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active');
  const type = await loadActivityType(tx, award.type);
  if (!type)
    throw invalidField(
      'unknownReference',
      'type',
      'unknownReference',
      `unknown other activity type "${award.type}"`,
      { value: award.type },
    );
  const kept = await keptAward(tx, award.id);
  // A retry of an award kept for review answers with it; one since posted replays its entries.
  if (kept && kept.status !== 'posted') return { entries: [], waiting: kept };
  const replay = await replayOf(tx, award.id, number);
  if (!replay) await lockCustomer(tx, card);
  // A retry of an award already posted is answered from the same sums, its own entry not counted.
  const rules = replay ? { ...type, perCustomerLimit: null } : type;
  const outcome = await workOutAward(tx, {
    card,
    type: rules,
    storeId: actor.storeId,
    at: now,
    postedOnly: false,
  });
  if (!outcome.ok) throw limitReached(type, await timesAwarded(tx, card, type.id, false), card);
  if (Object.keys(outcome.earned).length === 0)
    throw conflict(
      'activityEarnsNothing',
      `card ${number} earns nothing for ${type.name}: no line of the schemes that apply is for its tier and affiliations`,
    );
  const awardId = award.id ?? randomUUID();
  const by = { staffId: actor.staffId, storeId: actor.storeId, registerId: actor.registerId };
  const comment = award.comment ?? null;
  if (type.needsReview && !replay && actor.registerId === null) {
    const waiting = await keepForReview(
      tx,
      {
        id: awardId,
        cardNumber: number,
        customerId: card.customerId,
        type: type.id,
        source: 'api',
        comment,
      },
      pointsOf(outcome),
      by,
      now,
    );
    return { entries: [], waiting };
  }
  const entries = awardEntries(
    { id: awardId, cardNumber: number, type: type.id, comment },
    pointsOf(outcome),
    by,
    now,
  );
  return { entries: await post(tx, entries, now), waiting: null };
}
