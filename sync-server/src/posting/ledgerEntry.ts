import { and, count, eq, inArray } from 'drizzle-orm';
import type { EntryDraft, Fact } from '../../../shared/protocol/sync';
import { cards, ledgerEntries, otherActivityTypes } from '../db/schema';
import { entryFromDraft } from '../ledger/entries';
import { lockCards } from '../ledger/pending';
import { postEntries } from '../ledger/post';
import type { PostingEnv } from './facts';
import { activeCard, staffInStore, type CardRow } from './lookups';
import { reject } from './rejection';

type LedgerEntryFact = Extract<Fact, { type: 'ledgerEntry' }>;

/** How often the activity was already awarded: to the customer's cards, or to this anonymous card. */
async function timesAwarded(env: PostingEnv, card: CardRow, activityType: string): Promise<number> {
  const cardNumbers = card.customerId
    ? (
        await env.tx.db
          .select({ number: cards.number })
          .from(cards)
          .where(eq(cards.customerId, card.customerId))
      ).map((c) => c.number)
    : [card.number];
  const [row] = await env.tx.db
    .select({ n: count() })
    .from(ledgerEntries)
    .where(
      and(
        inArray(ledgerEntries.cardNumber, cardNumbers),
        eq(ledgerEntries.kind, 'activity'),
        eq(ledgerEntries.activityType, activityType),
        eq(ledgerEntries.status, 'posted'),
      ),
    );
  return row?.n ?? 0;
}

async function checkActivity(env: PostingEnv, entry: EntryDraft, card: CardRow): Promise<void> {
  if (!entry.activityType) reject('an activity entry must name its activity type');
  const [type] = await env.tx.db
    .select()
    .from(otherActivityTypes)
    .where(eq(otherActivityTypes.id, entry.activityType));
  if (!type) reject(`activity type ${entry.activityType} is unknown`);
  if (type.rewardPointId !== entry.rewardPoint || type.points !== entry.points)
    reject(
      `tampered points: activity ${type.id} gives ${type.points} ${type.rewardPointId}, the entry says ${entry.points} ${entry.rewardPoint}`,
    );
  if (type.perCustomerLimit !== null) {
    const times = await timesAwarded(env, card, type.id);
    if (times >= type.perCustomerLimit)
      reject(
        `activity ${type.id} was already awarded ${times} times, its limit is ${type.perCustomerLimit}`,
      );
  }
}

/**
 * A ledger entry on its own, queued at a register: a manager's adjustment with a reason, or an
 * other activity within its per-customer limit. Anything else needs the server online.
 */
export async function postLedgerEntry(env: PostingEnv, fact: LedgerEntryFact): Promise<void> {
  const { entry } = fact;
  if (!env.rewardPoints.has(entry.rewardPoint))
    reject(`reward point ${entry.rewardPoint} is unknown`);
  await lockCards(env.tx, [entry.card]);
  const card = await activeCard(env.tx, entry.card);
  if (entry.kind === 'adjust') {
    if (entry.points === 0) reject('an adjustment of zero points changes nothing');
    if (!entry.comment?.trim()) reject('an adjustment needs a reason in its comment');
    await staffInStore(env.tx, entry.staff, fact.store, true);
  } else if (entry.kind === 'activity') {
    await staffInStore(env.tx, entry.staff, fact.store, true);
    await checkActivity(env, entry, card);
  } else {
    reject(`a ${entry.kind} entry cannot be pushed on its own; it needs the server online`);
  }
  await postEntries(
    env.tx,
    [entryFromDraft(entry, env.origin)],
    env.rewardPoints,
    env.row.serverTime,
  );
}
