import type { CardSummary } from '../../../shared/protocol/sync';
import { matchesWords, normaliseForSearch } from '../find/searchText';
import type { CardChunk } from './chunks';

/**
 * The customer names of one card chunk, for finding a card by name offline. Kept as a record of
 * its own next to the chunk (same key), so a name search reads a few kilobytes per chunk instead
 * of the cards' whole text, and a lookup by number never reads names. Each line is
 * `<normalised name>\t<card number>`; anonymous cards have no line.
 */
export interface CardNamesRow {
  readonly first: string;
  readonly names: string;
}

export function namesOfCards(first: string, cards: readonly CardSummary[]): CardNamesRow {
  const lines: string[] = [];
  for (const card of cards)
    if (card.customer) lines.push(`${normaliseForSearch(card.customer.name)}\t${card.number}`);
  return { first, names: lines.join('\n') };
}

export const namesOfChunk = (chunk: CardChunk): CardNamesRow =>
  namesOfCards(chunk.first, JSON.parse(chunk.cards) as CardSummary[]);

/** The card numbers in a names row whose name has all the words, in card number order. */
export function numbersMatching(row: CardNamesRow, words: readonly string[]): string[] {
  const [firstWord] = words;
  // Most chunks hold no name starting with the first word: skip them without splitting lines.
  if (firstWord === undefined || !row.names.includes(firstWord)) return [];
  const found: string[] = [];
  for (const line of row.names.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (matchesWords(line.slice(0, tab), words)) found.push(line.slice(tab + 1));
  }
  return found;
}
