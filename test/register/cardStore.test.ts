import 'fake-indexeddb/auto';
import { Dexie, liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CardStore, DIRECT_MERGE_AT } from '../../renderer/register/localdb/cardStore';
import {
  CHUNK_MAX_BYTES,
  CHUNK_MAX_CARDS,
  chunkIndexFor,
  findCardInText,
  packCards,
} from '../../renderer/register/localdb/chunks';
import { RegisterDb } from '../../renderer/register/localdb/schema';
import type { CardSummary } from '../../shared/protocol/sync';
import { cardSummary, numberAt } from './cards';

let db: RegisterDb;
let name = 0;

beforeEach(async () => {
  db = new RegisterDb(`cards-${++name}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

async function storeWith(count: number): Promise<CardStore> {
  const cards = await CardStore.open(db);
  const all = Array.from({ length: count }, (_, i) => cardSummary(numberAt(i)));
  await db.transaction('rw', [db.cardChunks, db.cardNames], () =>
    cards.writeChunks(packCards(all)),
  );
  await cards.reload();
  return cards;
}

describe('packing cards into chunks', () => {
  it('keeps every chunk under the card and byte limits, in number order', () => {
    const all = Array.from({ length: 1000 }, (_, i) => cardSummary(numberAt(i)));
    const chunks = packCards(all);
    expect(chunks.reduce((sum, chunk) => sum + chunk.count, 0)).toBe(1000);
    for (const chunk of chunks) {
      expect(chunk.count).toBeLessThanOrEqual(CHUNK_MAX_CARDS);
      expect(chunk.cards.length).toBeLessThanOrEqual(CHUNK_MAX_BYTES + 2);
    }
    const firsts = chunks.map((chunk) => chunk.first);
    expect(firsts).toEqual([...firsts].sort());
    expect(chunkIndexFor(firsts, numberAt(0))).toBe(0);
    expect(chunkIndexFor(firsts, '1')).toBe(-1);
    expect(chunkIndexFor(firsts, numberAt(999))).toBe(chunks.length - 1);
  });

  it('cuts by bytes when cards are big', () => {
    const big = Array.from({ length: 300 }, (_, i) => ({
      ...cardSummary(numberAt(i)),
      lots: Array.from({ length: 10 }, (_, l) => ({
        ...(cardSummary(numberAt(i)).lots[0] as CardSummary['lots'][number]),
        id: `L${i}-${l}`,
      })),
    }));
    const chunks = packCards(big);
    expect(chunks.every((chunk) => chunk.cards.length <= CHUNK_MAX_BYTES + 2)).toBe(true);
    expect(chunks.some((chunk) => chunk.count < CHUNK_MAX_CARDS)).toBe(true);
  });
});

describe('the card store', () => {
  it('finds every card by number and nothing between or around them', async () => {
    const cards = await storeWith(1000);
    expect(cards.chunkCount).toBeGreaterThan(1);
    for (const i of [0, 1, 127, 128, 500, 999])
      expect((await cards.lookup(numberAt(i)))?.number).toBe(numberAt(i));
    expect(await cards.lookup(String(Number(numberAt(5)) + 1))).toBeNull();
    expect(await cards.lookup('1000')).toBeNull();
    expect(await cards.lookup('9999999999999')).toBeNull();
  });

  it('checks the overlay first, deletes through it, and keeps lookups the same after compaction', async () => {
    const cards = await storeWith(500);
    const changes = [
      { number: numberAt(10), card: cardSummary(numberAt(10), 999) },
      { number: numberAt(20), card: null },
      { number: '1000000000009', card: cardSummary('1000000000009', 5) },
      { number: `${numberAt(30)}1`, card: cardSummary(`${numberAt(30)}1`, 6) },
    ];
    await db.transaction('rw', [db.cardChunks, db.cardNames, db.cardOverlay, db.meta], () =>
      cards.applyChanges(changes),
    );
    expect(cards.overlaySize).toBe(4);
    const check = async () => {
      expect((await cards.lookup(numberAt(10)))?.lots[0]?.remaining).toBe(999);
      expect(await cards.lookup(numberAt(20))).toBeNull();
      expect((await cards.lookup('1000000000009'))?.lots[0]?.remaining).toBe(5);
      expect((await cards.lookup(`${numberAt(30)}1`))?.lots[0]?.remaining).toBe(6);
      expect((await cards.lookup(numberAt(11)))?.lots[0]?.remaining).toBe(100);
    };
    await check();
    await cards.compact();
    expect(cards.overlaySize).toBe(0);
    expect(await db.cardOverlay.count()).toBe(0);
    await check();
    // A fresh start reads the saved index record and finds the same.
    const reopened = await CardStore.open(db);
    expect(reopened.chunkCount).toBe(cards.chunkCount);
    expect((await reopened.lookup('1000000000009'))?.number).toBe('1000000000009');
  });

  it('merges a large batch straight into the chunks, splitting those that grow', async () => {
    const cards = await storeWith(300);
    const before = cards.chunkCount;
    // New numbers between existing ones (odd offsets) all land in the existing chunks.
    const changes = Array.from({ length: DIRECT_MERGE_AT }, (_, i) => {
      const number = String(Number(numberAt(i % 300)) + 1 + Math.floor(i / 300));
      return { number, card: cardSummary(number, i) };
    });
    await db.transaction('rw', [db.cardChunks, db.cardNames, db.cardOverlay, db.meta], () =>
      cards.applyChanges(changes),
    );
    expect(cards.overlaySize).toBe(0);
    expect(cards.chunkCount).toBeGreaterThan(before);
    for (const change of changes.slice(0, 50))
      expect((await cards.lookup(change.number))?.lots[0]?.remaining).toBe(
        change.card.lots[0]?.remaining,
      );
    expect((await cards.lookup(numberAt(299)))?.number).toBe(numberAt(299));
    const chunks = await db.cardChunks.toArray();
    expect(chunks.every((chunk) => chunk.count <= CHUNK_MAX_CARDS)).toBe(true);
  });

  it('reads a card as stored, in a live query that runs again when the feed or compaction changes it', async () => {
    const cards = await storeWith(500);
    const seen: (number | null)[] = [];
    const subscription = liveQuery(() => cards.lookupStored(numberAt(10))).subscribe((card) =>
      seen.push(card?.lots[0]?.remaining ?? null),
    );
    const last = () => expect.poll(() => seen.at(-1));
    const apply = (changes: { number: string; card: CardSummary | null }[]) =>
      db.transaction('rw', [db.cardChunks, db.cardNames, db.cardOverlay, db.meta], () =>
        cards.applyChanges(changes),
      );
    try {
      await last().toBe(100);
      await apply([{ number: numberAt(10), card: cardSummary(numberAt(10), 250) }]);
      await last().toBe(250);
      await cards.compact();
      await apply([{ number: numberAt(10), card: cardSummary(numberAt(10), 150) }]);
      await last().toBe(150);
      // A large batch goes straight into the chunks, past the overlay.
      const batch = Array.from({ length: DIRECT_MERGE_AT }, (_, i) => ({
        number: numberAt(i % 500),
        card: cardSummary(numberAt(i % 500), 70),
      }));
      await cards.compact();
      await apply(batch);
      await last().toBe(70);
      await apply([{ number: numberAt(10), card: null }]);
      await last().toBeNull();
    } finally {
      subscription.unsubscribe();
    }
    expect(await cards.lookupStored(numberAt(11))).toEqual(await cards.lookup(numberAt(11)));
    expect(await cards.lookupStored('1')).toBeNull();
    expect(await cards.lookupStored(`${numberAt(499)}9`)).toBeNull();
  });

  it('rebuilds a stale index record from the chunks themselves', async () => {
    await storeWith(400);
    await db.meta.put({ key: 'cardIndex', value: { firsts: [] } });
    const reopened = await CardStore.open(db);
    expect(reopened.chunkCount).toBe(await db.cardChunks.count());
    expect((await reopened.lookup(numberAt(399)))?.number).toBe(numberAt(399));
  });
});

describe('finding one card in a chunk without parsing the others', () => {
  it('finds the card by its number even when another card quotes that text', () => {
    const tricky = cardSummary(numberAt(1));
    if (!tricky.customer) throw new Error('the test card has a customer');
    const named = {
      ...tricky,
      customer: { ...tricky.customer, name: `x,{"number":"${numberAt(2)}" y` },
    };
    const [chunk] = packCards([cardSummary(numberAt(0)), named, cardSummary(numberAt(2))]);
    const text = chunk?.cards ?? '';
    expect(findCardInText(text, numberAt(2))).toEqual(cardSummary(numberAt(2)));
    expect(findCardInText(text, numberAt(1))).toEqual(named);
    expect(findCardInText(text, numberAt(0))).toEqual(cardSummary(numberAt(0)));
    expect(findCardInText(text, numberAt(3))).toBeNull();
    // A prefix of a number is not that number.
    expect(findCardInText(text, numberAt(2).slice(0, -1))).toBeNull();
  });

  it('still finds a card whose text does not start with its number', async () => {
    const cards = await CardStore.open(db);
    const { number, ...rest } = cardSummary(numberAt(5));
    const reordered = { ...rest, number } as CardSummary;
    await db.transaction('rw', [db.cardChunks, db.cardNames], () =>
      cards.writeChunks(packCards([reordered])),
    );
    await cards.reload();
    expect(await cards.lookup(numberAt(5))).toEqual(reordered);
  });
});

describe("finding a card by its customer's name, offline", () => {
  const named = (i: number, customer: string | null): CardSummary => {
    const card = cardSummary(numberAt(i));
    const person = {
      id: `CU${i}`,
      name: customer ?? '',
      affiliations: [],
      blockedForEnrolment: false,
    };
    return { ...card, customer: customer === null ? null : person };
  };
  const namesOf = (cards: readonly CardSummary[]) => cards.map((card) => card.customer?.name);

  it('matches every typed word at the start of a name word, without case or accents', async () => {
    const cards = await CardStore.open(db);
    const all = [
      named(0, 'Anna Östlund'),
      named(1, 'Annelie Peters'),
      named(2, 'Peter Anders'),
      named(3, null),
      ...Array.from({ length: 400 }, (_, i) => named(4 + i, `Someone ${i}`)),
      named(404, 'Anna Peters'),
    ];
    await db.transaction('rw', [db.cardChunks, db.cardNames], () =>
      cards.writeChunks(packCards(all)),
    );
    await cards.reload();
    expect(namesOf(await cards.searchNames('ostlund', 10))).toEqual(['Anna Östlund']);
    expect(namesOf(await cards.searchNames('ANN pet', 10))).toEqual([
      'Annelie Peters',
      'Anna Peters',
    ]);
    expect(namesOf(await cards.searchNames('nders', 10))).toEqual([]);
    expect(await cards.searchNames('someone', 5)).toHaveLength(5);
    expect(await cards.searchNames('  ', 5)).toEqual([]);
  });

  it('follows the feed: a renamed card is found by its new name only, before and after compaction', async () => {
    const cards = await CardStore.open(db);
    await db.transaction('rw', [db.cardChunks, db.cardNames], () =>
      cards.writeChunks(packCards([named(0, 'Old Name'), named(1, 'Kept Name')])),
    );
    await cards.reload();
    await db.transaction('rw', [db.cardChunks, db.cardNames, db.cardOverlay, db.meta], () =>
      cards.applyChanges([
        { number: numberAt(0), card: named(0, 'New Name') },
        { number: numberAt(1), card: null },
      ]),
    );
    const check = async () => {
      expect(namesOf(await cards.searchNames('name', 10))).toEqual(['New Name']);
      expect(await cards.searchNames('old', 10)).toEqual([]);
    };
    await check();
    await cards.compact();
    await check();
    expect(await db.cardNames.count()).toBe(await db.cardChunks.count());
  });

  it('builds the names of cards a register held before the name index existed', async () => {
    await Dexie.delete('names-upgrade');
    const old = new Dexie('names-upgrade');
    old.version(3).stores({ cardChunks: 'first', cardOverlay: 'number', meta: 'key' });
    await old.open();
    await old.table('cardChunks').bulkPut(packCards([named(0, 'Early Bird')]));
    old.close();
    const upgraded = new RegisterDb('names-upgrade');
    await upgraded.open();
    expect(await upgraded.cardNames.count()).toBe(1);
    const store = await CardStore.open(upgraded);
    expect(namesOf(await store.searchNames('bird', 5))).toEqual(['Early Bird']);
    upgraded.close();
    await Dexie.delete('names-upgrade');
  });
});
