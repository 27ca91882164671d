import { createHash } from 'node:crypto';
import type { Session } from '../db/database';
import { lockCards } from '../ledger/pending';
import type { EntryToPost } from '../ledger/post';
import type { SetAside } from './checked';
import type { PostingEnv } from './facts';
import { loadCard, type CardRow } from './lookups';
import { reject } from './rejection';

/** More replacements in a row than any real card has: beyond it the chain is taken as broken. */
const MAX_REPLACEMENTS = 20;

/** The card at the end of the replacement chain that starts at `number`. */
async function successorOf(tx: Session, number: string): Promise<CardRow> {
  let card = await loadCard(tx, number);
  if (!card) return reject(`card ${number} is unknown`);
  const seen = new Set([number]);
  while (card.status === 'replaced') {
    const next: string | null = card.replacedBy;
    if (next === null) return reject(`card ${card.number} was replaced by a card not recorded`);
    if (seen.has(next) || seen.size > MAX_REPLACEMENTS)
      return reject(`card ${number}: its chain of replacements does not end`);
    seen.add(next);
    card = await loadCard(tx, next);
    if (!card) return reject(`card ${next}, which replaced card ${number}, is unknown`);
  }
  return card;
}

/**
 * The card a return reverses its points on (PRODUCT 4.3, 4.6): the receipt's card, or, when that
 * card was replaced, the card that holds its balance now. A blocked card still takes the reversal:
 * it only undoes what the sale did. Both cards are locked (in order) before the answer is final.
 */
export async function cardForReturn(tx: Session, number: string): Promise<CardRow> {
  const found = await successorOf(tx, number);
  await lockCards(tx, [...new Set([number, found.number])].sort());
  const locked = await successorOf(tx, number);
  if (locked.number !== found.number)
    throw new Error(`card ${number} was replaced again while its return was posted; try again`);
  return locked;
}

/** A fixed id for an entry of the fact moved to another card: the same on every attempt. */
function movedEntryId(factId: string, entryId: string): string {
  const hex = createHash('sha1').update(`moved-return:${factId}:${entryId}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Moves a return's entries from the replaced card to its successor. The ledger never changes the
 * card of an entry, so the pending entries stored at push time on the old card are to be set aside
 * as rejected (saying where they went) and the return posts new entries on the successor.
 */
export function moveReturnEntries(
  env: PostingEnv,
  entries: readonly EntryToPost[],
  from: string,
  to: string,
): { entries: EntryToPost[]; setAside: SetAside } {
  const reason = `posted on card ${to}, which replaced card ${from}`;
  const moved = entries.map((entry) => ({
    ...entry,
    id: movedEntryId(env.row.id, entry.id),
    cardNumber: to,
    comment: entry.comment ?? `return of a sale made with card ${from}, which card ${to} replaced`,
  }));
  return { entries: moved, setAside: { card: from, reason } };
}
