import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, ledgerEntries, rewardPoints } from '../db/schema';
import { conflict, fieldFault, invalidField, invalidFields } from '../errors';
import type { Actor } from './access';
import { onlineEntry, post, type Posted } from './entries';
import { enrollableCustomer } from './issue';
import { loadCard, postedBalances, type CardRow } from './read';

export function requireStatus(card: CardRow, ...allowed: CardRow['status'][]): void {
  if (!allowed.includes(card.status))
    throw conflict(
      card.status === 'replaced' ? 'cardReplaced' : 'cardNotActive',
      card.status === 'replaced'
        ? `card ${card.number} was replaced by ${card.replacedBy ?? 'another card'}: use that one`
        : `card ${card.number} is ${card.status}`,
    );
}

/** Blocks a card: it no longer earns or pays. Blocking a blocked card changes nothing. */
export async function blockCard(tx: Session, number: string, now: Date): Promise<void> {
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active', 'blocked');
  if (card.status === 'blocked') return;
  await tx.db
    .update(cards)
    .set({ status: 'blocked', updatedAt: now })
    .where(eq(cards.number, number));
}

/** Unblocks a blocked card: it earns and pays again. Unblocking an active card changes nothing. */
export async function unblockCard(tx: Session, number: string, now: Date): Promise<void> {
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active', 'blocked');
  if (card.status === 'active') return;
  await tx.db
    .update(cards)
    .set({ status: 'active', updatedAt: now })
    .where(eq(cards.number, number));
}

/** Links an anonymous card to a customer (not one blocked for loyalty enrolment). */
export async function linkCard(
  tx: Session,
  number: string,
  customerId: string,
  now: Date,
): Promise<void> {
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active', 'blocked');
  if (card.customerId === customerId) return;
  if (card.customerId !== null)
    throw conflict('cardLinked', `card ${number} already belongs to customer ${card.customerId}`);
  await enrollableCustomer(tx, customerId);
  await tx.db.update(cards).set({ customerId, updatedAt: now }).where(eq(cards.number, number));
}

export interface Adjustment {
  readonly id?: string | undefined;
  readonly rewardPoint: string;
  readonly points: number;
  readonly comment: string;
}

export async function requireRewardPoint(
  tx: Session,
  id: string,
  field = 'rewardPoint',
): Promise<void> {
  const [row] = await tx.db
    .select({ id: rewardPoints.id })
    .from(rewardPoints)
    .where(eq(rewardPoints.id, id));
  if (!row)
    throw invalidField(
      'unknownReference',
      field,
      'unknownReference',
      `unknown reward point "${id}"`,
      {
        value: id,
      },
    );
}

/**
 * A manual correction with its reason. A decrease may not take the net balance below zero (a
 * debt comes only from returns).
 */
export async function adjustBalance(
  tx: Session,
  number: string,
  adjustment: Adjustment,
  actor: Actor,
  now: Date,
): Promise<Posted> {
  const card = await loadCard(tx, number, true);
  requireStatus(card, 'active', 'blocked');
  await requireRewardPoint(tx, adjustment.rewardPoint);
  const already = await replayOf(tx, adjustment.id, number);
  if (adjustment.points < 0 && !already) {
    const balance = (await postedBalances(tx, number)).find(
      (b) => b.rewardPointId === adjustment.rewardPoint,
    );
    const posted = balance?.posted ?? 0;
    if (posted + adjustment.points < 0)
      throw conflict(
        'insufficientPoints',
        `card ${number} holds ${posted} ${adjustment.rewardPoint}: it cannot be adjusted by ${adjustment.points}`,
      );
  }
  const entry = onlineEntry(
    { ...adjustment, cardNumber: number, rewardPointId: adjustment.rewardPoint, kind: 'adjust' },
    actor,
    now,
  );
  const [outcome] = await post(tx, [entry], now);
  return outcome as Posted;
}

/**
 * Whether a client-made entry id was posted before (a retry: posting answers "duplicate"). The
 * same id on another card is a client bug: 409.
 */
export async function replayOf(
  tx: Session,
  id: string | undefined,
  number: string,
): Promise<boolean> {
  if (id === undefined) return false;
  const [row] = await tx.db
    .select({ card: ledgerEntries.cardNumber })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.id, id));
  if (row && row.card !== number)
    throw invalidFields(
      'entryIdTaken',
      [fieldFault('id', 'taken', `entry ${id} already belongs to card ${row.card}`, { value: id })],
      'conflict',
    );
  return row !== undefined;
}
