import { and, eq } from 'drizzle-orm';
import { Fact } from '../../../shared/protocol/sync';
import type { RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { facts, ledgerEntries, type REVIEW_KINDS } from '../db/schema';
import { lockCards, refreshPending } from '../ledger/pending';
import { originOf, type FactOrigin } from '../ledger/entries';
import { masterDataOf, type MasterData } from './masterData';
import { reject } from './rejection';
import { writeRejections } from './rejections';

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

/** The cards a fact still has pending entries on, in lock order. */
async function pendingCardsOf(tx: Session, row: FactRow): Promise<string[]> {
  const pending = await tx.db
    .selectDistinct({ cardNumber: ledgerEntries.cardNumber })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.factId, row.id), eq(ledgerEntries.status, 'pending')));
  return pending.map((p) => p.cardNumber).sort();
}

/** Sets the fact and its pending entries aside as rejected, and takes them out of the pending sums. */
export async function markRejected(
  tx: Session,
  row: FactRow,
  reason: string,
  at: Date,
): Promise<void> {
  const cardNumbers = await pendingCardsOf(tx, row);
  await lockCards(tx, cardNumbers);
  await writeRejections(tx, [{ factId: row.id, reason }], at);
  if (cardNumbers.length > 0) await refreshPending(tx, cardNumbers);
}
