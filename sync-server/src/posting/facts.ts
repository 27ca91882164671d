import { and, eq } from 'drizzle-orm';
import { Fact } from '../../../shared/protocol/sync';
import type { RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { facts, type REVIEW_KINDS } from '../db/schema';
import { originOf, type FactOrigin } from '../ledger/entries';
import { masterDataOf, type MasterData } from './masterData';
import { reject } from './rejection';

export type FactRow = typeof facts.$inferSelect;

/** What every check and posting of one fact works with, inside that fact's transaction. */
export interface PostingEnv {
  readonly tx: Session;
  readonly row: FactRow;
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly origin: FactOrigin;
  readonly master: MasterData;
}

/** Something to show in head office's review list although the fact was posted. */
export interface Review {
  readonly kind: (typeof REVIEW_KINDS)[number];
  readonly reason: string;
  readonly points: number;
  readonly cardNumber: string | null;
}

/** The fact if it is still pending and no other runner holds it. */
export async function lockPendingFact(tx: Session, id: string): Promise<FactRow | null> {
  const [row] = await tx.db
    .select()
    .from(facts)
    .where(and(eq(facts.id, id), eq(facts.status, 'pending')))
    .for('update', { skipLocked: true });
  return row ?? null;
}

export function postingEnv(
  tx: Session,
  row: FactRow,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  master: MasterData = masterDataOf(tx),
): { env: PostingEnv; fact: Fact } {
  const parsed = Fact.safeParse(row.body);
  if (!parsed.success) return reject('the stored fact no longer reads as a protocol fact');
  const fact = parsed.data;
  // A device clock outside the skew window is not trusted: the server's time dates the points.
  const earnedAt = row.skewFlagged ? row.serverTime : row.deviceTime;
  const origin = originOf(fact, { earnedAt, deviceTime: row.deviceTime });
  return { env: { tx, row, rewardPoints, origin, master }, fact };
}
