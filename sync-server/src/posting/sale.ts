import { parseAmount } from '../../../shared/units/money';
import type { SaleFact } from '../../../shared/protocol/sync';
import type { sales } from '../db/schema';
import { lockCards } from '../ledger/pending';
import { checkedEarnings } from './earnings';
import { NOTHING_TO_POST, type CheckedFact } from './checked';
import type { PostingEnv } from './facts';
import { checkLineClaims } from './lineSplit';
import { activeCard, type StoreRow } from './lookups';
import { cardForReturn } from './returnCard';
import { checkedReturn } from './returns';
import { LoyaltyRejected, loyaltyPart, refuseReturnOfKeptSale } from './loyaltyRejected';
import { checkPricedAsSent } from './pricedAsSent';
import { checkedSpends } from './spends';
import { reject } from './rejection';

type Receipt = SaleFact['receipt'];

/** Every decimal amount of the receipt, named as the register's JSON names it. */
function amountsOf(receipt: Receipt): [string, string][] {
  return [
    ['total', receipt.total],
    ...receipt.lines.flatMap((line, i): [string, string][] => [
      [`lines.${i}.unitPrice`, line.unitPrice],
      [`lines.${i}.tierDiscount`, line.tierDiscount],
      [`lines.${i}.netAmount`, line.netAmount],
      ...(line.paidWithPoints === undefined
        ? []
        : [[`lines.${i}.paidWithPoints`, line.paidWithPoints] as [string, string]]),
    ]),
    ...receipt.tenders.map((tender, i): [string, string] => [`tenders.${i}.amount`, tender.amount]),
  ];
}

function checkAmounts(receipt: Receipt): void {
  for (const [field, amount] of amountsOf(receipt)) {
    try {
      parseAmount(amount, receipt.currency);
    } catch (error) {
      reject(`receipt.${field}: ${(error as Error).message}`);
    }
  }
}

/**
 * What a receipt needs to be kept as a sale of its store: its amounts in the store's currency. A
 * register cannot produce anything else; such a fact is rejected whole, for head office to correct.
 */
export function checkRecord(fact: SaleFact, store: StoreRow): void {
  const { receipt } = fact;
  if (receipt.currency !== store.currency)
    reject(`the receipt is in ${receipt.currency}, store ${store.id} sells in ${store.currency}`);
  checkAmounts(receipt);
}

/** The receipt's claims about its staff and entries, which its loyalty part stands on. */
export async function checkReceipt(env: PostingEnv, fact: SaleFact): Promise<void> {
  const { receipt } = fact;
  if (!(await env.master.staffExists(receipt.staff)))
    reject(`staff member ${receipt.staff} is unknown`);
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

export type SaleRow = typeof sales.$inferInsert;

/** The receipt as kept for returns, history and reports, with the lines as the server posted them. */
export function saleRow(env: PostingEnv, fact: SaleFact, lines: Receipt['lines']): SaleRow {
  const { receipt } = fact;
  return {
    id: fact.id,
    storeId: fact.store,
    registerId: fact.register,
    staffId: receipt.staff,
    cardNumber: receipt.card,
    currency: receipt.currency,
    totalMinor: parseAmount(receipt.total, receipt.currency),
    lines,
    tenders: receipt.tenders,
    returnOf: receipt.returnOf?.sale ?? null,
    offline: receipt.offline,
    deviceTime: env.row.deviceTime,
    deviceSeq: env.row.deviceSeq,
    serverTime: env.row.serverTime,
    factId: fact.id,
  };
}

async function checkedSale(env: PostingEnv, fact: SaleFact, store: StoreRow): Promise<CheckedFact> {
  const number = fact.receipt.card;
  const noPoints = fact.receipt.lines.map(() => ({}));
  if (number === null) {
    checkLineClaims(fact.receipt, noPoints);
    return { ...NOTHING_TO_POST, sale: { env, fact, preCap: noPoints } };
  }
  if (fact.receipt.returnOf) {
    const card = await cardForReturn(env.tx, number);
    await refuseReturnOfKeptSale(env, fact);
    const { entries, setAside } = await checkedReturn(env, fact, card);
    return {
      ...NOTHING_TO_POST,
      entries,
      sale: { env, fact, preCap: null },
      tierCard: card.number,
      setAside,
    };
  }
  await lockCards(env.tx, [number]);
  const card = await activeCard(env.tx, number);
  const earned = await checkedEarnings(env, fact, card, store);
  checkLineClaims(fact.receipt, earned.preCapByLine);
  await checkPricedAsSent(env, fact, card);
  const spent = await checkedSpends(env, fact, card, store);
  return {
    entries: [...spent.entries, ...earned.entries],
    reviews: spent.review ? [spent.review] : [],
    sale: { env, fact, preCap: earned.preCapByLine },
    tierCard: number,
    own: null,
    setAside: null,
  };
}

/**
 * A sale's (or a return's) planner: checks it against the engine and the ledger as it stands in
 * the run's transaction, and says what it posts. A failure of the record rejects it whole; any
 * later check's failure rejects its loyalty part only (LoyaltyRejected), the sale is kept.
 */
export async function checkSale(env: PostingEnv, fact: SaleFact): Promise<CheckedFact> {
  const store = (await env.master.store(fact.store)) ?? reject(`store ${fact.store} is unknown`);
  checkRecord(fact, store);
  // A sale stored with a reason had its loyalty part refused at ingest (saleLoyaltyRefusal).
  if (env.row.reason !== null) throw new LoyaltyRejected(env.row.reason);
  return loyaltyPart(async () => {
    await checkReceipt(env, fact);
    return checkedSale(env, fact, store);
  });
}
