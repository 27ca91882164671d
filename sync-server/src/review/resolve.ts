import { and, eq, isNull } from 'drizzle-orm';
import type { Database, Session } from '../db/database';
import { factReviews, reviewActions } from '../db/schema';
import { conflict, notFound } from '../errors';
import { finalAction, lockFact } from './factLock';

export interface SettleRequest {
  readonly factId: string;
  readonly staffId: string;
  readonly comment: string;
  readonly at: Date;
}

export interface Settled {
  readonly fact: string;
  readonly outcome: 'voided' | 'resolved';
  readonly staff: string;
  readonly comment: string | null;
  readonly at: string;
  /** It had been settled before: nothing changed. */
  readonly repeated: boolean;
}

const settled = (row: typeof reviewActions.$inferSelect, repeated: boolean): Settled => ({
  fact: row.factId,
  outcome: row.outcome === 'voided' ? 'voided' : 'resolved',
  staff: row.staffId,
  comment: row.comment,
  at: row.at.toISOString(),
  repeated,
});

async function record(
  tx: Session,
  request: SettleRequest,
  action: 'void' | 'resolve',
  reason: string | null,
): Promise<Settled> {
  const [row] = await tx.db
    .insert(reviewActions)
    .values({
      factId: request.factId,
      action,
      outcome: action === 'void' ? 'voided' : 'resolved',
      staffId: request.staffId,
      comment: request.comment,
      reason,
      at: request.at,
    })
    .returning();
  if (!row) throw new Error(`the ${action} of fact ${request.factId} was not recorded`);
  return settled(row, false);
}

/**
 * Voids a rejected fact: it leaves the open review list, with who voided it and why; nothing is
 * posted and its rejected entries stay as they are. Voiding it again answers the first void.
 */
export function voidFact(database: Database, request: SettleRequest): Promise<Settled> {
  return database.transaction(async (tx) => {
    const fact = await lockFact(tx, request.factId);
    const before = await finalAction(tx, fact.id, 'void');
    if (before) return settled(before, true);
    if (fact.status !== 'rejected')
      throw conflict(
        'notRejected',
        `fact ${fact.id} is ${fact.status}: only a rejected fact can be voided`,
      );
    return record(tx, request, 'void', fact.reason);
  });
}

/** Marks a posted fact's review (an offline overdraw) as looked at, by whom and with what comment. */
export function resolveReview(database: Database, request: SettleRequest): Promise<Settled> {
  return database.transaction(async (tx) => {
    const [review] = await tx.db
      .select()
      .from(factReviews)
      .where(eq(factReviews.factId, request.factId))
      .for('update');
    if (!review) throw notFound(`a review of fact ${request.factId}`);
    if (review.resolvedAt !== null) {
      const before = await finalAction(tx, review.factId, 'resolve');
      if (before) return settled(before, true);
      throw conflict('resolved', `the review of fact ${review.factId} was already resolved`);
    }
    await tx.db
      .update(factReviews)
      .set({ resolvedAt: request.at, resolvedBy: request.staffId })
      .where(and(eq(factReviews.factId, review.factId), isNull(factReviews.resolvedAt)));
    return record(tx, request, 'resolve', review.reason);
  });
}
