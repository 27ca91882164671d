import { Dexie } from 'dexie';
import type { CardSummary } from '../../../shared/protocol/sync';
import {
  chunkIndexFor,
  compareNumbers,
  findCard,
  findCardInText,
  groupByChunk,
  mergeCards,
  packCardsWithNames,
  unpackChunk,
  type CardChange,
  type CardChunk,
} from './chunks';
import { readMeta, writeMeta, type RegisterDb } from './schema';
import { namesOfChunk, numbersMatching, type CardNamesRow } from './cardNames';
import { matchesWords, normaliseForSearch, queryWords } from '../find/searchText';

/** A feed batch with more card changes than this is merged into the chunks at once. */
export const DIRECT_MERGE_AT = 1000;
/** The overlay is folded into the chunks once it holds this many cards. */
export const COMPACT_AT = 5000;
/**
 * Chunks kept parsed in memory, most recently used first: a sale looks its card up again (scan,
 * then payment) and numbers handed out together sit in one chunk, so these skip IndexedDB.
 */
export const RECENT_CHUNKS = 64;

const INDEX_KEY = 'cardIndex';

interface CardIndexRecord {
  readonly firsts: string[];
}

/** Runs `apply` once the current Dexie transaction has committed (at once outside one). */
function afterCommit(apply: () => void): void {
  const tx = Dexie.currentTransaction;
  if (tx) tx.on('complete', apply);
  else apply();
}

/**
 * Every card of the store's program: sorted chunks of many cards (found by binary search over the
 * chunks' first numbers, kept in memory and saved as one index record) plus an overlay of cards the
 * incremental feed changed since the last compaction, checked first on lookup.
 */
export class CardStore {
  private firsts: string[] = [];
  private readonly overlay = new Set<string>();
  /** Chunks' texts by first number, in least recently used order (a Map keeps insertion order). */
  private readonly recent = new Map<string, string>();
  /** Bumped whenever chunks are rewritten, so a lookup that read the old one does not cache it. */
  private generation = 0;

  private constructor(private readonly db: RegisterDb) {}

  static async open(db: RegisterDb): Promise<CardStore> {
    const store = new CardStore(db);
    await store.reload();
    return store;
  }

  /** Rebuilds the in-memory index from the index record, or from the chunks' keys if stale. */
  async reload(): Promise<void> {
    const [index, chunkCount, overlayKeys] = await this.db.transaction(
      'r',
      [this.db.meta, this.db.cardChunks, this.db.cardOverlay],
      () =>
        Promise.all([
          readMeta<CardIndexRecord>(this.db, INDEX_KEY),
          this.db.cardChunks.count(),
          this.db.cardOverlay.toCollection().primaryKeys(),
        ]),
    );
    if (index && index.firsts.length === chunkCount) this.firsts = index.firsts;
    else {
      this.firsts = await this.db.cardChunks.toCollection().primaryKeys();
      await writeMeta(this.db, INDEX_KEY, { firsts: this.firsts } satisfies CardIndexRecord);
    }
    this.overlay.clear();
    for (const key of overlayKeys) this.overlay.add(key);
    this.forgetChunks();
  }

  private forgetChunks(): void {
    this.recent.clear();
    this.generation += 1;
  }

  /** The chunk's text, from memory when it was read lately. */
  private async chunkText(first: string, number: string): Promise<string | null> {
    const cached = this.recent.get(first);
    if (cached !== undefined) {
      this.recent.delete(first);
      this.recent.set(first, cached);
      return cached;
    }
    const generation = this.generation;
    const chunk = await this.db.cardChunks.get(first);
    if (!chunk || compareNumbers(number, chunk.last) > 0) return null;
    if (generation === this.generation) {
      this.recent.set(first, chunk.cards);
      const oldest = this.recent.keys().next();
      if (this.recent.size > RECENT_CHUNKS && !oldest.done) this.recent.delete(oldest.value);
    }
    return chunk.cards;
  }

  get chunkCount(): number {
    return this.firsts.length;
  }

  get overlaySize(): number {
    return this.overlay.size;
  }

  async lookup(number: string): Promise<CardSummary | null> {
    if (this.overlay.has(number)) {
      const row = await this.db.cardOverlay.get(number);
      if (row) return row.card;
    }
    const first = this.firsts[chunkIndexFor(this.firsts, number)];
    if (first === undefined) return null;
    const text = await this.chunkText(first, number);
    // Parsing only the wanted card keeps a lookup from parsing (and discarding) a whole chunk.
    // A card whose text does not start with its number (none does today) is found the long way.
    if (text === null) return null;
    return findCardInText(text, number) ?? findCard(JSON.parse(text) as CardSummary[], number);
  }

  /**
   * The card as the database holds it now, read without the in-memory index, overlay set or chunk
   * cache: inside a Dexie live query every range it depends on is read, so the query runs again
   * when a distribution changes the card (in the overlay or its chunk), and it never sees the
   * moment between a commit and the in-memory state catching up.
   */
  async lookupStored(number: string): Promise<CardSummary | null> {
    const row = await this.db.cardOverlay.get(number);
    if (row) return row.card;
    const chunk = await this.db.cardChunks.where('first').belowOrEqual(number).last();
    if (!chunk || compareNumbers(number, chunk.last) > 0) return null;
    return findCardInText(chunk.cards, number) ?? findCard(unpackChunk(chunk), number);
  }

  /** Snapshot load: writes packed chunks of a key range (call `reload` when the load is done). */
  async writeChunks(chunks: readonly CardChunk[]): Promise<void> {
    await this.db.cardChunks.bulkPut(chunks as CardChunk[]);
    await this.db.cardNames.bulkPut(chunks.map(namesOfChunk));
  }

  /**
   * Cards whose customer's name has every word typed (offline, from the local cards), at most
   * `limit`, in card number order. A card the feed changed since the last compaction is matched
   * by its overlay version only.
   */
  async searchNames(query: string, limit: number): Promise<CardSummary[]> {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const found: string[] = [];
    await this.db.cardOverlay.each((row) => {
      if (row.card?.customer && matchesWords(normaliseForSearch(row.card.customer.name), words))
        found.push(row.number);
    });
    await this.db.cardNames
      .toCollection()
      .until(() => found.length >= limit)
      .each((row) => {
        for (const number of numbersMatching(row, words))
          if (!this.overlay.has(number)) found.push(number);
      });
    const cards = await Promise.all(found.slice(0, limit).map((number) => this.lookup(number)));
    return cards.filter((card): card is CardSummary => card !== null);
  }

  /**
   * Feed changes, inside the caller's transaction (cardChunks, cardOverlay and meta): a few go to
   * the overlay; a large batch is merged into the chunks directly, as writing it card by card
   * would be slow.
   */
  async applyChanges(changes: readonly CardChange[]): Promise<void> {
    if (changes.length === 0) return;
    if (changes.length >= DIRECT_MERGE_AT) {
      await this.merge(changes);
      return;
    }
    const latest = new Map(changes.map((change) => [change.number, change] as const));
    await this.db.cardOverlay.bulkPut(
      [...latest.values()].map(({ number, card }) => ({ number, card })),
    );
    afterCommit(() => {
      for (const number of latest.keys()) this.overlay.add(number);
    });
  }

  /** Folds the overlay into the chunks, in one transaction. */
  async compact(): Promise<void> {
    await this.db.transaction(
      'rw',
      [this.db.meta, this.db.cardChunks, this.db.cardNames, this.db.cardOverlay],
      async () => {
        const rows = await this.db.cardOverlay.toArray();
        await this.merge(rows.map(({ number, card }) => ({ number, card })));
      },
    );
  }

  /** Rewrites the chunks the changes fall into and drops those cards from the overlay. */
  private async merge(changes: readonly CardChange[]): Promise<void> {
    const groups = groupByChunk(this.firsts, changes);
    const positions = [...groups.keys()];
    const old = await this.db.cardChunks.bulkGet(
      positions.map((position) => this.firsts[position] ?? ''),
    );
    const oldByPosition = new Map(positions.map((position, i) => [position, old[i]] as const));
    const removed = new Set<string>();
    const added: CardChunk[] = [];
    const addedNames: CardNamesRow[] = [];
    for (const [position, group] of groups) {
      const chunk = oldByPosition.get(position);
      if (chunk) removed.add(chunk.first);
      const packed = packCardsWithNames(mergeCards(chunk ? unpackChunk(chunk) : [], group));
      added.push(...packed.chunks);
      addedNames.push(...packed.names);
    }
    await this.db.cardChunks.bulkDelete([...removed]);
    await this.db.cardNames.bulkDelete([...removed]);
    await this.db.cardChunks.bulkPut(added);
    await this.db.cardNames.bulkPut(addedNames);
    const numbers = changes.map((change) => change.number);
    await this.db.cardOverlay.bulkDelete(numbers);
    const firsts = this.firsts
      .filter((first) => !removed.has(first))
      .concat(added.map((chunk) => chunk.first))
      .sort(compareNumbers);
    await writeMeta(this.db, INDEX_KEY, { firsts } satisfies CardIndexRecord);
    afterCommit(() => {
      this.firsts = firsts;
      for (const number of numbers) this.overlay.delete(number);
      this.forgetChunks();
    });
  }
}
