import { randomUUID } from 'node:crypto';
import { eq, inArray, or } from 'drizzle-orm';
import { spendOrder, takeFromLots, lotState } from '../../../shared/engine/lots';
import type { Lot } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { cards, ledgerEntries } from '../db/schema';
import { conflict, invalidField } from '../errors';
import type { Actor } from './access';
import { onlineEntry, post, type Posted } from './entries';
import { enrollableCustomer, insertCard, newCardNumber, type NewNumber } from './issue';
import { replayOf, requireRewardPoint, requireStatus } from './operations';
import { loadCardLots } from '../ledger/cardLots';
import { loadCard, postedBalances } from './read';

/** Locks both cards in number order, so two moves between the same cards never deadlock. */
async function lockPair(tx: Session, a: string, b: string) {
  await tx.db
    .select({ number: cards.number })
    .from(cards)
    .where(inArray(cards.number, [a, b].sort()))
    .orderBy(cards.number)
    .for('update');
  return [await loadCard(tx, a), await loadCard(tx, b)] as const;
}

/**
 * Posts a move as two linked entries: `transferOut` on the source, then `transferIn` on the
 * target that `reverses` it. The out half is posted first (the in half refers to it).
 */
async function postMove(
  tx: Session,
  move: { from: string; to: string; rewardPoint: string; points: number; id?: string | undefined },
  extra: {
    comment?: string | null | undefined;
    lots?: { id: string; points: number }[];
    expiresAt?: Date | null;
  },
  actor: Actor,
  now: Date,
): Promise<Posted[]> {
  const outId = move.id ?? randomUUID();
  const out = onlineEntry(
    {
      id: outId,
      cardNumber: move.from,
      rewardPointId: move.rewardPoint,
      kind: 'transferOut',
      points: -move.points,
      comment: extra.comment,
      ...(extra.lots ? { lots: extra.lots } : {}),
    },
    actor,
    now,
  );
  const [outPosted] = await post(tx, [out], now);
  const inEntry = onlineEntry(
    {
      cardNumber: move.to,
      rewardPointId: move.rewardPoint,
      kind: 'transferIn',
      points: move.points,
      comment: extra.comment,
      reverses: outId,
      ...(extra.expiresAt === undefined ? {} : { expiresAt: extra.expiresAt }),
    },
    actor,
    now,
  );
  const [inPosted] = await post(tx, [inEntry], now, true);
  return [outPosted as Posted, inPosted as Posted];
}

/** A retried transfer (same id): both halves as they were posted, answered as duplicates. */
async function postedMove(tx: Session, outId: string): Promise<Posted[]> {
  const rows = await tx.db
    .select()
    .from(ledgerEntries)
    .where(or(eq(ledgerEntries.id, outId), eq(ledgerEntries.reverses, outId)))
    .orderBy(ledgerEntries.seq);
  return rows.map((row) => ({
    id: row.id,
    card: row.cardNumber,
    rewardPoint: row.rewardPointId,
    kind: row.kind,
    points: row.points,
    cropped: row.cropped,
    status: 'duplicate',
  }));
}

export interface Transfer {
  readonly id?: string | undefined;
  readonly to: string;
  readonly rewardPoint: string;
  readonly points?: number | undefined;
  readonly comment?: string | undefined;
}

/** Moves part or all of a card's available points of one reward point to another card (4.6). */
export async function transferPoints(
  tx: Session,
  from: string,
  transfer: Transfer,
  actor: Actor,
  now: Date,
): Promise<Posted[]> {
  if (from === transfer.to)
    throw invalidField('sameCard', 'to', 'sameCard', 'a card cannot transfer to itself');
  const [source, target] = await lockPair(tx, from, transfer.to);
  requireStatus(source, 'active');
  requireStatus(target, 'active');
  if (source.programId !== target.programId)
    throw conflict(
      'otherProgram',
      `card ${target.number} belongs to program ${target.programId}, not ${source.programId}`,
    );
  await requireRewardPoint(tx, transfer.rewardPoint);
  if (transfer.id !== undefined && (await replayOf(tx, transfer.id, from)))
    return postedMove(tx, transfer.id);

  const available = spendOrder(
    (await loadCardLots(tx, from)).filter(
      (lot) =>
        lot.rewardPoint === transfer.rewardPoint && lotState(lot, now.getTime()) === 'available',
    ),
  );
  const total = available.reduce((sum, lot) => sum + lot.remaining, 0);
  const points = transfer.points ?? total;
  if (points === 0 || points > total)
    throw conflict(
      'insufficientPoints',
      `card ${from} has ${total} available ${transfer.rewardPoint}: ${points === 0 ? 'nothing to transfer' : `it cannot transfer ${points}`}`,
    );
  const { uses } = takeFromLots(available, points);
  return postMove(
    tx,
    { from, ...transfer, points },
    { comment: transfer.comment ?? null, lots: uses, expiresAt: earliestExpiry(available, uses) },
    actor,
    now,
  );
}

/**
 * The expiry of the lot that moved points make: the soonest of the lots they came from, so moving
 * points never extends their life (null when none of them expires).
 */
function earliestExpiry(lots: readonly Lot[], uses: readonly { id: string }[]): Date | null {
  const used = new Set(uses.map((use) => use.id));
  const dates = lots
    .filter((lot) => used.has(lot.id) && lot.expiresAt !== null)
    .map((lot) => lot.expiresAt as number);
  return dates.length === 0 ? null : new Date(Math.min(...dates));
}

export interface Replacement extends NewNumber {
  readonly comment?: string | undefined;
}

/**
 * Replaces a lost or damaged card (4.6): a new card for the same customer, program and tier (a tier set by hand keeps its hold); the
 * old one becomes `replaced` (pointing at the new one) and its whole net balance, per reward
 * point, moves across as linked transferOut / transferIn entries.
 */
export async function replaceCard(
  tx: Session,
  oldNumber: string,
  replacement: Replacement,
  actor: Actor,
  now: Date,
): Promise<{ number: string; entries: Posted[] }> {
  const old = await loadCard(tx, oldNumber, true);
  requireStatus(old, 'active', 'blocked');
  if (old.customerId) await enrollableCustomer(tx, old.customerId);
  const number = await newCardNumber(tx, replacement);
  await insertCard(
    tx,
    {
      number,
      programId: old.programId,
      customerId: old.customerId,
      tierId: old.tierId,
      tierValidUntil: old.tierValidUntil,
      tierHeldUntil: old.tierHeldUntil,
      tierHoldReason: old.tierHoldReason,
      tierHeldBy: old.tierHeldBy,
    },
    actor,
    now,
  );
  await tx.db
    .update(cards)
    .set({ status: 'replaced', replacedBy: number, updatedAt: now })
    .where(eq(cards.number, oldNumber));
  const comment = replacement.comment || `card ${oldNumber} replaced by ${number}`;
  const entries: Posted[] = [];
  const lots = await loadCardLots(tx, oldNumber);
  for (const balance of await postedBalances(tx, oldNumber)) {
    // Lots already past their expiry stay behind for the expire job: replacing a card must not
    // revive them. The rest moves, a debt included.
    const live = spendOrder(
      lots.filter(
        (lot) =>
          lot.rewardPoint === balance.rewardPointId && lotState(lot, now.getTime()) !== 'expired',
      ),
    );
    const expired = lots
      .filter(
        (lot) =>
          lot.rewardPoint === balance.rewardPointId && lotState(lot, now.getTime()) === 'expired',
      )
      .reduce((sum, lot) => sum + lot.remaining, 0);
    const points = balance.posted - expired;
    if (points === 0) continue;
    const move = { from: oldNumber, to: number, rewardPoint: balance.rewardPointId, points };
    const uses = points > 0 ? takeFromLots(live, points).uses : [];
    const extra =
      points > 0 ? { comment, lots: uses, expiresAt: earliestExpiry(live, uses) } : { comment };
    entries.push(...(await postMove(tx, move, extra, actor, now)));
  }
  return { number, entries };
}
