import { and, eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { facts, reviewActions } from '../db/schema';
import { notFound } from '../errors';

export type LockedFact = typeof facts.$inferSelect;

/** The fact, locked for this transaction (a repost, a void and the post job wait on each other). */
export async function lockFact(tx: Session, id: string): Promise<LockedFact> {
  const [row] = await tx.db.select().from(facts).where(eq(facts.id, id)).for('update');
  if (!row) throw notFound(`fact ${id}`);
  return row;
}

/** The action that settled the fact for good, if any: a void, or a repost that posted. */
export async function finalAction(
  tx: Session,
  id: string,
  action: 'void' | 'repost' | 'resolve',
): Promise<typeof reviewActions.$inferSelect | null> {
  const [row] = await tx.db
    .select()
    .from(reviewActions)
    .where(
      and(
        eq(reviewActions.factId, id),
        eq(reviewActions.action, action),
        eq(
          reviewActions.outcome,
          action === 'void' ? 'voided' : action === 'repost' ? 'posted' : 'resolved',
        ),
      ),
    );
  return row ?? null;
}
