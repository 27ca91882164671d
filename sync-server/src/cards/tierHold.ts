import { desc, eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, cardTierChanges, stores, tiers } from '../db/schema';
import { conflict, invalidField } from '../errors';
import { applyTierChanges } from '../tiers/evaluate';
import type { Actor } from './access';
import { requireStatus } from './operations';
import { loadCard } from './read';

export interface TierSetting {
  readonly tier: string;
  readonly reason?: string | undefined;
  readonly until: string;
}

/** A manager acts on cards of their own store's program only; head office on any card. */
async function requireProgramOfStore(tx: Session, actor: Actor, programId: string): Promise<void> {
  if (actor.headOffice || actor.storeId === null) return;
  const [store] = await tx.db
    .select({ program: stores.programId })
    .from(stores)
    .where(eq(stores.id, actor.storeId));
  if (store?.program !== programId)
    throw conflict(
      'otherProgram',
      `this card belongs to program ${programId}, not to the program of store ${actor.storeId}`,
    );
}

/** The tier, refused unless it is one of the card's program. */
async function requireTierOfProgram(tx: Session, tierId: string, programId: string) {
  const [tier] = await tx.db
    .select({ program: tiers.programId })
    .from(tiers)
    .where(eq(tiers.id, tierId));
  if (!tier)
    throw invalidField('unknownReference', 'tier', 'unknownReference', `unknown tier "${tierId}"`, {
      value: tierId,
    });
  if (tier.program !== programId)
    throw invalidField(
      'otherProgram',
      'tier',
      'tierOfOtherProgram',
      `tier ${tierId} belongs to program ${tier.program}`,
      { value: tierId, owner: tier.program },
    );
}

/**
 * Sets a card's tier by hand (PRODUCT 4.5): the change goes into the card's tier history with its
 * reason and who set it, and the card holds the tier until `until` whatever it earns; from then on
 * the tier rules evaluate it as usual.
 */
export async function setCardTier(
  tx: Session,
  number: string,
  setting: TierSetting,
  actor: Actor,
  now: Date,
): Promise<void> {
  const reason = setting.reason?.trim() ?? '';
  if (reason === '')
    throw invalidField(
      'tierReasonRequired',
      'reason',
      'required',
      'a reason saying why the tier is set by hand is required',
    );
  const until = new Date(setting.until);
  if (until.getTime() <= now.getTime())
    throw invalidField(
      'tierHoldInPast',
      'until',
      'notFuture',
      `the hold must end in the future (after ${now.toISOString()})`,
    );
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active', 'blocked');
  await requireProgramOfStore(tx, actor, card.programId);
  await requireTierOfProgram(tx, setting.tier, card.programId);
  await applyTierChanges(
    tx,
    [{ cardNumber: number, tier: setting.tier, validUntil: until, reason, setBy: actor.staffId }],
    now,
  );
  await tx.db
    .update(cards)
    .set({ tierHeldUntil: until, tierHoldReason: reason, tierHeldBy: actor.staffId })
    .where(eq(cards.number, number));
}

/** The card's tier history, newest first: each change with its reason when set by hand. */
export async function tierChangesOf(session: Session, number: string) {
  const rows = await session.db
    .select()
    .from(cardTierChanges)
    .where(eq(cardTierChanges.cardNumber, number))
    .orderBy(desc(cardTierChanges.id))
    .limit(500);
  return rows.map((row) => ({
    previousTier: row.previousTierId,
    tier: row.tierId,
    validUntil: row.validUntil?.toISOString() ?? null,
    changedAt: row.changedAt.toISOString(),
    reason: row.reason,
    setBy: row.setBy,
  }));
}
