import { eq } from 'drizzle-orm';
import type { RewardPointRules } from '../../../shared/engine/model';
import type { SaleFact } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import { cards, facts, sales } from '../db/schema';
import {
  lockPendingFact,
  markPosted,
  markRejected,
  postingEnv,
  rejectPendingEntries,
  type PostingEnv,
  type Review,
} from './facts';
import type { FactOutcome } from './postFact';
import { FactRejected } from './rejection';
import { saleRow } from './sale';

/*
 * A sale is a fact of its own and its loyalty a part of it that can fail alone: the money was taken
 * and the goods left the store whatever the card's state or the receipt's claims. When any check of
 * a sale's loyalty part fails (its card unknown, blocked or replaced; points the engine does not
 * reproduce; prices, tenders or staff that do not add up; a return giving back points of a sale kept
 * without them), the sale is still kept for receipts, returns and head office's sales; only its
 * entries are rejected, with the reason, and the fact is listed for review, where head office can
 * correct and repost its loyalty part (review/repost.ts). Only a receipt that cannot be recorded as
 * a sale of its store (another currency, amounts that are not amounts) is rejected whole.
 *
 * Such a fact is stored as posted with its reason set: its sale counts (returned quantities, reports)
 * as any posted sale, and the register is told `loyaltyRejected` with that reason.
 */

/** A failed check of a sale's loyalty part: the sale is kept, its entries are rejected. */
export class LoyaltyRejected extends FactRejected {
  constructor(reason: string) {
    super(reason);
    this.name = 'LoyaltyRejected';
  }
}

/** Runs a sale's loyalty checks: a rejection they throw rejects the loyalty part only. */
export async function loyaltyPart<T>(checks: () => Promise<T>): Promise<T> {
  try {
    return await checks();
  } catch (error) {
    if (error instanceof FactRejected && !(error instanceof LoyaltyRejected))
      throw new LoyaltyRejected(error.message);
    throw error;
  }
}

/**
 * A return of a sale kept without its points takes no points back: one that does (recorded before
 * its register heard of the sale's outcome) has its loyalty part rejected, the return is kept.
 */
export async function refuseReturnOfKeptSale(env: PostingEnv, fact: SaleFact): Promise<void> {
  const returnOf = fact.receipt.returnOf;
  if (returnOf === null || fact.receipt.entries.length === 0) return;
  const [sale] = await env.tx.db
    .select({ status: facts.status, reason: facts.reason })
    .from(facts)
    .where(eq(facts.id, returnOf.sale));
  if (sale?.status === 'posted' && sale.reason !== null)
    throw new LoyaltyRejected(
      `the returned sale ${returnOf.sale} was kept without its points (${sale.reason}): its return takes no points back`,
    );
}

/** The points the receipt's entries moved, counted up: what head office reviews. */
const pointsAtStake = (fact: SaleFact): number =>
  fact.receipt.entries.reduce((sum, entry) => sum + Math.abs(entry.points), 0);

async function knownCard(tx: Session, number: string | null): Promise<string | null> {
  if (number === null) return null;
  const [row] = await tx.db
    .select({ number: cards.number })
    .from(cards)
    .where(eq(cards.number, number));
  return row?.number ?? null;
}

/**
 * Keeps a sale whose loyalty part was rejected, in a transaction of its own: the sale is stored
 * with no points on its lines, its pending entries are rejected with the reason, and the fact is
 * posted with that reason and listed for review. Null when the fact is no longer pending.
 */
export async function keepSaleWithoutLoyalty(
  tx: Session,
  id: string,
  reason: string,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  at: Date,
): Promise<FactOutcome | null> {
  const row = await lockPendingFact(tx, id);
  if (!row) return null;
  const { env, fact } = postingEnv(tx, row, rewardPoints);
  if (fact.type !== 'sale') {
    await markRejected(tx, row, reason, at);
    return { id, register: row.registerId, status: 'rejected', reason, reviews: [] };
  }
  const lines = fact.receipt.lines.map((line) => ({ ...line, earned: {}, redeemed: {} }));
  // The staff column names known staff only; the fact keeps the id the register sent.
  const staffKnown = await env.master.staffExists(fact.receipt.staff);
  await tx.db
    .insert(sales)
    .values({ ...saleRow(env, fact, lines), ...(staffKnown ? {} : { staffId: null }) })
    .onConflictDoNothing({ target: sales.id });
  await rejectPendingEntries(tx, row, reason);
  const review: Review = {
    kind: 'loyaltyRejected',
    reason,
    points: pointsAtStake(fact),
    cardNumber: await knownCard(tx, fact.receipt.card),
  };
  await markPosted(tx, row, [review], at);
  await tx.db.update(facts).set({ reason }).where(eq(facts.id, row.id));
  return { id, register: row.registerId, status: 'loyaltyRejected', reason, reviews: [review] };
}
