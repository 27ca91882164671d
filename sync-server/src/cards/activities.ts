import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { customers } from '../db/schema';
import { conflict, invalidField } from '../errors';
import type { Actor } from './access';
import { loadActivityType, timesAwarded, workOutAward, type ActivityType } from './activityAward';
import { onlineEntry, post, type Posted } from './entries';
import { replayOf, requireStatus } from './operations';
import { loadCard, type CardRow } from './read';

export interface Award {
  readonly id?: string | undefined;
  readonly type: string;
  readonly comment?: string | undefined;
}

/**
 * The entry id of an award's points in one reward point: the award's own id for the first, a
 * fixed id derived from it for any other, the same on every retry.
 */
function awardEntryId(awardId: string, rewardPoint: string, first: boolean): string {
  if (first) return awardId;
  const hex = createHash('sha1').update(`award:${awardId}:${rewardPoint}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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

/**
 * Awards an other activity (PRODUCT 4.7) through the schemes' `otherActivity:<type>` lines for the
 * card's tier and affiliations, within the type's per-customer limit (409 past it, and 409 when
 * the card earns nothing by it, e.g. under an excluded affiliation). One entry per reward point.
 */
export async function awardActivity(
  tx: Session,
  number: string,
  award: Award,
  actor: Actor,
  now: Date,
): Promise<Posted[]> {
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
  const earned = Object.entries(outcome.earned).sort(([a], [b]) => a.localeCompare(b));
  if (earned.length === 0)
    throw conflict(
      'activityEarnsNothing',
      `card ${number} earns nothing for ${type.name}: no line of the schemes that apply is for its tier and affiliations`,
    );
  const awardId = award.id ?? randomUUID();
  const schemeStamp = outcome.schemes.length === 1 ? outcome.schemes[0] : undefined;
  const entries = earned.map(([rewardPoint, points], i) => ({
    ...onlineEntry(
      {
        id: awardEntryId(awardId, rewardPoint, i === 0),
        cardNumber: number,
        rewardPointId: rewardPoint,
        kind: 'activity',
        points,
        comment: award.comment,
        activityType: type.id,
      },
      actor,
      now,
    ),
    // The entries of one award share its id, so the per-customer limit counts the award once.
    factId: awardId,
    ruleIds: Object.keys(outcome.rules),
    schemeId: schemeStamp?.id ?? null,
    schemeVersion: schemeStamp?.version ?? null,
  }));
  return post(tx, entries, now);
}
