import { eq } from 'drizzle-orm';
import type { SaleFact } from '../../../shared/protocol/sync';
import { facts } from '../db/schema';
import { postingEnv, type FactRow, type PostingEnv, type Review } from './facts';
import type { FactPlan } from './batch/factPlan';
import type { Run } from './batch/planFact';
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

/**
 * Plans a sale whose loyalty part was rejected: the sale is kept with no points on its lines, its
 * pending entries are rejected with the reason (leaving the run's pending sums), and the fact is
 * posted with that reason and listed for review. A fact that is not a sale is rejected whole.
 */
export async function planKept(run: Run, row: FactRow, reason: string): Promise<FactPlan> {
  run.ledger.dropPending(run.data.pendingOfFact.get(row.id) ?? []);
  const { env, fact } = postingEnv(run.tx, row, run.rewardPoints, run.master);
  if (fact.type !== 'sale') return { kind: 'rejected', row, reason };
  const lines = fact.receipt.lines.map((line) => ({ ...line, earned: {}, redeemed: {} }));
  // The staff column names known staff only; the fact keeps the id the register sent.
  const staffKnown = await env.master.staffExists(fact.receipt.staff);
  const sale = { ...saleRow(env, fact, lines), ...(staffKnown ? {} : { staffId: null }) };
  const number = fact.receipt.card;
  const review: Review = {
    kind: 'loyaltyRejected',
    reason,
    points: pointsAtStake(fact),
    // The run loaded the receipt's card if it exists (whatever its state).
    cardNumber: number !== null && run.data.cards.has(number) ? number : null,
  };
  return { kind: 'kept', row, reason, sale, review };
}
