import { eq } from 'drizzle-orm';
import { parseAmount } from '../../../shared/units/money';
import type { SaleFact } from '../../../shared/protocol/sync';
import { sales, staff } from '../db/schema';
import { lockCards } from '../ingest/pending';
import { postEntries, type EntryToPost } from '../ledger/post';
import { checkedEarnings } from './earnings';
import type { PostingEnv, Review } from './facts';
import { activeCard, loadStore, type StoreRow } from './lookups';
import { checkedReturn } from './returns';
import { checkedSpends } from './spends';
import { reject } from './rejection';

async function checkReceipt(env: PostingEnv, fact: SaleFact, store: StoreRow): Promise<void> {
  const { receipt } = fact;
  if (receipt.currency !== store.currency)
    reject(`the receipt is in ${receipt.currency}, store ${store.id} sells in ${store.currency}`);
  const [member] = await env.tx.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.id, receipt.staff));
  if (!member) reject(`staff member ${receipt.staff} is unknown`);
  const foreign = receipt.entries.find((e) => e.card !== receipt.card);
  if (foreign)
    reject(
      `entry ${foreign.id} is for card ${foreign.card}, the receipt for ${receipt.card ?? 'no card'}`,
    );
  const rewardPointOf = receipt.entries.find((e) => !env.rewardPoints.has(e.rewardPoint));
  if (rewardPointOf) reject(`reward point ${rewardPointOf.rewardPoint} is unknown`);
  const kinds = receipt.returnOf ? ['returnEarn', 'refundRedeem'] : ['earn', 'redeem'];
  const odd = receipt.entries.find((e) => !kinds.includes(e.kind));
  if (odd) reject(`a ${receipt.returnOf ? 'return' : 'sale'} cannot carry a ${odd.kind} entry`);
}

/** The receipt, kept for returns, history and reports. */
async function storeSale(env: PostingEnv, fact: SaleFact): Promise<void> {
  const { receipt } = fact;
  await env.tx.db
    .insert(sales)
    .values({
      id: fact.id,
      storeId: fact.store,
      registerId: fact.register,
      staffId: receipt.staff,
      cardNumber: receipt.card,
      currency: receipt.currency,
      totalMinor: parseAmount(receipt.total, receipt.currency),
      lines: receipt.lines,
      tenders: receipt.tenders,
      returnOf: receipt.returnOf?.sale ?? null,
      offline: receipt.offline,
      deviceTime: env.row.deviceTime,
      deviceSeq: env.row.deviceSeq,
      serverTime: env.row.serverTime,
      factId: fact.id,
    })
    .onConflictDoNothing({ target: sales.id });
}

/**
 * Checks a sale (or a return) against the engine and the ledger, then posts its entries and stores
 * the receipt, all in the fact's transaction. Returns what head office should review.
 */
export async function postSale(env: PostingEnv, fact: SaleFact): Promise<Review[]> {
  const store = await loadStore(env.tx, fact.store);
  await checkReceipt(env, fact, store);
  const number = fact.receipt.card;
  let entries: EntryToPost[] = [];
  const reviews: Review[] = [];
  if (number !== null) {
    await lockCards(env.tx, [number]);
    const card = await activeCard(env.tx, number);
    if (fact.receipt.returnOf) {
      entries = await checkedReturn(env, fact, card);
    } else {
      const earned = await checkedEarnings(env, fact, card, store);
      const spent = await checkedSpends(env, fact, card, store);
      entries = [...spent.entries, ...earned];
      if (spent.review) reviews.push(spent.review);
    }
  }
  if (entries.length > 0) await postEntries(env.tx, entries, env.rewardPoints, env.row.serverTime);
  await storeSale(env, fact);
  return reviews;
}
