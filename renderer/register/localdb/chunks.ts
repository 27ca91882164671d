import type { CardSummary } from '../../../shared/protocol/sync';
import { namesOfCards, type CardNamesRow } from './cardNames';

/**
 * Cards are packed many to an IndexedDB record ("chunk"), sorted by number: writing one record per
 * card runs at ~5k cards/s in Chromium, far too slow for a million cards (docs/performance.md).
 * A chunk holds its cards as one JSON text, kept well under 64 KB (bigger records become blob
 * files in Chromium and read slower).
 */
export const CHUNK_MAX_CARDS = 128;
export const CHUNK_MAX_BYTES = 48 * 1024;

export interface CardChunk {
  /** The chunk's first card number: its primary key, and its boundary in the in-memory index. */
  readonly first: string;
  readonly last: string;
  readonly count: number;
  /** JSON array of CardSummary, sorted by number. */
  readonly cards: string;
}

/** Card numbers are digit strings compared as the server orders its keys (plain code-unit order). */
export const compareNumbers = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Packs cards sorted by number into chunks under the size limits. */
export function packCards(sorted: readonly CardSummary[]): CardChunk[] {
  return packCardsWithNames(sorted).chunks;
}

/** Packs cards into chunks, and each chunk's customer names for the name search. */
export function packCardsWithNames(sorted: readonly CardSummary[]): {
  chunks: CardChunk[];
  names: CardNamesRow[];
} {
  const chunks: CardChunk[] = [];
  const names: CardNamesRow[] = [];
  let members: CardSummary[] = [];
  let parts: string[] = [];
  let bytes = 0;
  let first = '';
  let last = '';
  const close = () => {
    if (parts.length === 0) return;
    chunks.push({ first, last, count: parts.length, cards: `[${parts.join(',')}]` });
    names.push(namesOfCards(first, members));
    parts = [];
    members = [];
    bytes = 0;
  };
  for (const card of sorted) {
    const text = JSON.stringify(card);
    if (
      parts.length >= CHUNK_MAX_CARDS ||
      (parts.length > 0 && bytes + text.length > CHUNK_MAX_BYTES)
    )
      close();
    if (parts.length === 0) first = card.number;
    parts.push(text);
    members.push(card);
    bytes += text.length + 1;
    last = card.number;
  }
  close();
  return { chunks, names };
}

const CARD_START = '{"number":"';

/**
 * One card out of a chunk's text without parsing the others: each card's JSON starts with its
 * number (the protocol's key order), and `{"number":"` cannot occur inside a JSON string (its
 * quotes would be escaped), so the next card's start ends this one.
 */
export function findCardInText(cards: string, number: string): CardSummary | null {
  const start = cards.indexOf(`${CARD_START}${number}"`);
  if (start < 0) return null;
  const next = cards.indexOf(`,${CARD_START}`, start);
  const text = cards.slice(start, next < 0 ? cards.length - 1 : next);
  const card = JSON.parse(text) as CardSummary;
  return card.number === number ? card : null;
}

export function unpackChunk(chunk: CardChunk): CardSummary[] {
  return JSON.parse(chunk.cards) as CardSummary[];
}

/** Sorts in place by number unless already sorted (the server sends pages in key order). */
export function sortByNumber(cards: CardSummary[]): CardSummary[] {
  const sorted = cards.every(
    (card, i) => i === 0 || compareNumbers(cards[i - 1]?.number ?? '', card.number) <= 0,
  );
  return sorted ? cards : cards.sort((a, b) => compareNumbers(a.number, b.number));
}

/** Index of the chunk that would hold `number`: the last chunk whose first number is <= it, or -1. */
export function chunkIndexFor(firsts: readonly string[], number: string): number {
  let low = 0;
  let high = firsts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (compareNumbers(firsts[middle] ?? '', number) <= 0) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

export function findCard(cards: readonly CardSummary[], number: string): CardSummary | null {
  let low = 0;
  let high = cards.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const card = cards[middle];
    if (!card) return null;
    const order = compareNumbers(card.number, number);
    if (order === 0) return card;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}

/** A change to one card: the new summary, or null when the store no longer holds it. */
export interface CardChange {
  readonly number: string;
  readonly card: CardSummary | null;
}

/** Applies changes (later ones win) to a chunk's sorted cards and returns the new sorted list. */
export function mergeCards(
  cards: readonly CardSummary[],
  changes: readonly CardChange[],
): CardSummary[] {
  const byNumber = new Map(cards.map((card) => [card.number, card] as const));
  for (const change of changes) {
    if (change.card) byNumber.set(change.number, change.card);
    else byNumber.delete(change.number);
  }
  return [...byNumber.values()].sort((a, b) => compareNumbers(a.number, b.number));
}

/**
 * Groups changes by the chunk they fall into (numbers before the first chunk go to the first one).
 * Returns a map from chunk position (or -1 when there is no chunk at all) to its changes.
 */
export function groupByChunk(
  firsts: readonly string[],
  changes: readonly CardChange[],
): Map<number, CardChange[]> {
  const groups = new Map<number, CardChange[]>();
  for (const change of changes) {
    const index = firsts.length === 0 ? -1 : Math.max(0, chunkIndexFor(firsts, change.number));
    const group = groups.get(index);
    if (group) group.push(change);
    else groups.set(index, [change]);
  }
  return groups;
}
