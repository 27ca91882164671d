import { and, eq, inArray } from 'drizzle-orm';
import { pointsForReturn, ReturnError, type StoredLine } from '../../../shared/engine/returns';
import type { PointsByRewardPoint } from '../../../shared/engine/model';
import type { SaleFact } from '../../../shared/protocol/sync';
import { facts, ledgerEntries, sales } from '../db/schema';
import { entryFromDraft } from '../ledger/entries';
import type { EntryToPost } from '../ledger/post';
import type { SetAside } from './checked';
import type { PostingEnv } from './facts';
import type { CardRow } from './lookups';
import { reject } from './rejection';
import { moveReturnEntries } from './returnCard';

type Receipt = SaleFact['receipt'];
type StoredSaleLine = Receipt['lines'][number];

/** Items of each line of the sale that earlier (posted) returns already took back. */
async function returnedBefore(env: PostingEnv, saleId: string): Promise<Map<string, number>> {
  const earlier = await env.tx.db
    .select({ body: facts.body })
    .from(sales)
    .innerJoin(facts, eq(facts.id, sales.factId))
    .where(and(eq(sales.returnOf, saleId), eq(facts.status, 'posted')));
  const returned = new Map<string, number>();
  for (const { body } of earlier) {
    const lines = (body as SaleFact).receipt.returnOf?.lines ?? [];
    for (const line of lines) returned.set(line.id, (returned.get(line.id) ?? 0) + line.quantity);
  }
  return returned;
}

function sumsOf(entries: readonly EntryToPost[], sign: 1 | -1): PointsByRewardPoint {
  const result: PointsByRewardPoint = {};
  for (const e of entries)
    result[e.rewardPointId] = (result[e.rewardPointId] ?? 0) + sign * e.points;
  return result;
}

function sameRecords(a: PointsByRewardPoint, b: PointsByRewardPoint): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

const show = (r: PointsByRewardPoint) =>
  Object.entries(r)
    .map(([rp, n]) => `${n} ${rp}`)
    .join(', ') || 'nothing';

async function checkReverses(env: PostingEnv, entries: readonly EntryToPost[], card: string) {
  const ids = entries.flatMap((e) => (e.reverses ? [e.reverses] : []));
  if (ids.length === 0) return;
  const found = await env.tx.db
    .select({ id: ledgerEntries.id, card: ledgerEntries.cardNumber })
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.id, ids));
  for (const id of ids) {
    if (!found.some((f) => f.id === id && f.card === card))
      reject(`entry ${id} that a return reverses is not an entry of card ${card}`);
  }
}

/**
 * A return found through the server (another register's receipt) can reach the posting job before
 * its sale is posted: it is tried again later, not rejected.
 */
async function waitForPendingSale(env: PostingEnv, saleId: string): Promise<void> {
  const [pending] = await env.tx.db
    .select({ id: facts.id })
    .from(facts)
    .where(and(eq(facts.id, saleId), eq(facts.status, 'pending')));
  if (pending)
    throw new Error(`the returned sale ${saleId} is not posted yet: the return waits for it`);
}

/**
 * A return reverses the points the original receipt stored for the returned lines (PRODUCT 4.3),
 * never a recalculation: the register's returnEarn and refundRedeem entries must be exactly those.
 * The stored lines hold the server's own split of what the sale posted. The entries are posted on
 * `card`: the receipt's card, or the card that replaced it.
 */
export async function checkedReturn(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
): Promise<{ entries: EntryToPost[]; setAside: SetAside | null }> {
  const returnOf = fact.receipt.returnOf;
  const receiptCard = fact.receipt.card;
  if (returnOf === null || receiptCard === null) return { entries: [], setAside: null };
  const [original] = await env.tx.db.select().from(sales).where(eq(sales.id, returnOf.sale));
  if (!original) {
    await waitForPendingSale(env, returnOf.sale);
    reject(`the returned sale ${returnOf.sale} is not known to the server`);
  }
  if (original.cardNumber !== receiptCard)
    reject(`the returned sale ${returnOf.sale} was not made with card ${receiptCard}`);
  const before = await returnedBefore(env, returnOf.sale);
  const stored: StoredLine[] = (original.lines as StoredSaleLine[]).map((line) => ({
    id: line.id,
    quantity: line.quantity,
    earned: line.earned,
    redeemed: line.redeemed,
    returnedQuantity: before.get(line.id) ?? 0,
  }));
  let expected;
  try {
    expected = pointsForReturn(stored, returnOf.lines);
  } catch (error) {
    if (error instanceof ReturnError) reject(`return: ${error.message}`);
    throw error;
  }
  const other = fact.receipt.entries.find(
    (e) =>
      !(e.kind === 'returnEarn' && e.points < 0) && !(e.kind === 'refundRedeem' && e.points > 0),
  );
  if (other)
    reject(
      `a return carries only returnEarn (negative) and refundRedeem (positive) entries; ${other.id} is ${other.kind} ${other.points}`,
    );
  const entries = fact.receipt.entries.map((draft) => entryFromDraft(draft, env.origin));
  const takeBack = sumsOf(
    entries.filter((e) => e.kind === 'returnEarn'),
    -1,
  );
  const giveBack = sumsOf(
    entries.filter((e) => e.kind === 'refundRedeem'),
    1,
  );
  if (!sameRecords(takeBack, expected.takeBack))
    reject(
      `tampered points: the return takes back ${show(takeBack)}, the receipt stored ${show(expected.takeBack)}`,
    );
  if (!sameRecords(giveBack, expected.giveBack))
    reject(
      `tampered points: the return gives back ${show(giveBack)}, the receipt stored ${show(expected.giveBack)}`,
    );
  await checkReverses(env, entries, receiptCard);
  return card.number === receiptCard
    ? { entries, setAside: null }
    : moveReturnEntries(env, entries, receiptCard, card.number);
}
