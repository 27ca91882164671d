import { Dexie, type EntityTable } from 'dexie';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { CardSummary } from '../../shared/protocol/sync';
import { CardStore } from '../../renderer/register/localdb/cardStore';
import { packCardsWithNames } from '../../renderer/register/localdb/chunks';
import { RegisterDb } from '../../renderer/register/localdb/schema';
import { cardSummary, numberAt } from '../../test/register/cards';

/**
 * The page the local database benchmark drives in Chromium: the same cards written and looked up
 * three ways. Cards are made a batch at a time outside the clock; only storing them is timed.
 */
export type StoreKind = 'packed' | 'perCard' | 'rxdb';

export interface Measurement {
  readonly kind: StoreKind;
  readonly written: number;
  readonly importMs: number;
  /** True when the import stopped at the time budget before writing every card. */
  readonly stopped: boolean;
  readonly lookupMs: number[];
  readonly found: number;
  /** IndexedDB databases the store opened (names), for the one-transaction argument. */
  readonly databases: string[];
}

interface Plan {
  readonly kind: StoreKind;
  readonly cards: number;
  readonly batch: number;
  readonly lookups: number;
  readonly budgetMs: number;
}

/** How each store writes a batch, finishes the import, looks a card up and goes away. */
interface Store {
  write(cards: CardSummary[]): Promise<void>;
  finish(): Promise<void>;
  lookup(number: string): Promise<CardSummary | null>;
  close(): Promise<void>;
}

/** The register's card store: cards packed into chunks, as a snapshot page is stored. */
async function packedStore(): Promise<Store> {
  const db = new RegisterDb('bench-packed');
  await db.open();
  let store: CardStore | null = null;
  return {
    async write(cards) {
      const { chunks, names } = packCardsWithNames(cards);
      await db.transaction('rw', [db.cardChunks, db.cardNames], async () => {
        await db.cardChunks.bulkPut(chunks);
        await db.cardNames.bulkPut(names);
      });
    },
    async finish() {
      store = await CardStore.open(db);
    },
    lookup: (number) => (store as CardStore).lookup(number),
    async close() {
      db.close();
      await Dexie.delete('bench-packed');
    },
  };
}

/** One Dexie record per card, keyed by number. */
async function perCardStore(): Promise<Store> {
  const db = new Dexie('bench-per-card') as Dexie & {
    cards: EntityTable<CardSummary, 'number'>;
  };
  db.version(1).stores({ cards: 'number' });
  await db.open();
  return {
    write: async (cards) => {
      await db.cards.bulkPut(cards);
    },
    finish: async () => {},
    lookup: async (number) => (await db.cards.get(number)) ?? null,
    async close() {
      db.close();
      await Dexie.delete('bench-per-card');
    },
  };
}

const cardSchema: RxJsonSchema<CardSummary> = {
  version: 0,
  primaryKey: 'number',
  type: 'object',
  properties: {
    number: { type: 'string', maxLength: 20 },
    customer: { type: ['object', 'null'] },
    tier: { type: ['string', 'null'] },
    tierValidUntil: { type: ['string', 'null'] },
    status: { type: 'string' },
    lots: { type: 'array' },
    debt: { type: 'object' },
  },
  required: ['number'],
} as unknown as RxJsonSchema<CardSummary>;

/** A sale-like record, so the database holds a second collection as the register's would. */
const outboxSchema: RxJsonSchema<{ id: string; seq: number }> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 40 }, seq: { type: 'number' } },
  required: ['id', 'seq'],
};

/** RxDB on its free Dexie storage: one document per card. */
async function rxdbStore(): Promise<Store> {
  const database = await createRxDatabase({
    name: 'benchrx',
    storage: getRxStorageDexie(),
    multiInstance: false,
  });
  const collections = await database.addCollections({
    cards: { schema: cardSchema },
    outbox: { schema: outboxSchema },
  });
  const cards = collections.cards as RxCollection<CardSummary>;
  return {
    async write(batch) {
      const result = await cards.bulkInsert(batch);
      if (result.error.length > 0) throw new Error(`RxDB refused ${result.error.length} cards`);
    },
    finish: async () => {},
    async lookup(number) {
      const document = await cards.findOne(number).exec();
      return document ? (document.toJSON() as unknown as CardSummary) : null;
    },
    async close() {
      await database.remove();
    },
  };
}

const OPEN: Record<StoreKind, () => Promise<Store>> = {
  packed: packedStore,
  perCard: perCardStore,
  rxdb: rxdbStore,
};

async function measure(plan: Plan): Promise<Measurement> {
  const store = await OPEN[plan.kind]();
  let written = 0;
  let importMs = 0;
  while (written < plan.cards && importMs < plan.budgetMs) {
    const size = Math.min(plan.batch, plan.cards - written);
    const batch = Array.from({ length: size }, (_, i) =>
      cardSummary(numberAt(written + i), written + i),
    );
    const started = performance.now();
    await store.write(batch);
    importMs += performance.now() - started;
    written += size;
  }
  const finishing = performance.now();
  await store.finish();
  importMs += performance.now() - finishing;
  const databases = ((await indexedDB.databases?.()) ?? []).map((info) => info.name ?? '');

  const lookupMs: number[] = [];
  let found = 0;
  for (let i = 0; i < plan.lookups; i += 1) {
    const number = numberAt(Math.floor(Math.random() * written));
    const started = performance.now();
    const card = await store.lookup(number);
    lookupMs.push(performance.now() - started);
    if (card?.number === number) found += 1;
  }
  await store.close();
  return {
    kind: plan.kind,
    written,
    importMs,
    stopped: written < plan.cards,
    lookupMs,
    found,
    databases,
  };
}

declare global {
  interface Window {
    benchLocalDb?: { measure: typeof measure };
  }
}

window.benchLocalDb = { measure };
