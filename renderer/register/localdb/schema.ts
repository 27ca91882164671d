import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import type { Fact, FactOutcomeStatus, FeedChange } from '../../../shared/protocol/sync';
import type { CardChunk } from './chunks';
import type { BasketContent } from '../sale/basket';
import { namesOfChunk, type CardNamesRow } from './cardNames';

/** Distributed collections other than cards: small, one record per item. */
export type ItemCollection = Exclude<FeedChange['collection'], 'card'>;
export type ItemOf<C extends FeedChange['collection']> = NonNullable<
  Extract<FeedChange, { collection: C }>['data']
>;

export interface ItemRow {
  readonly collection: ItemCollection;
  readonly key: string;
  readonly data: unknown;
}

/** A card changed by the feed since the last compaction; `card: null` means deleted. */
export interface OverlayRow {
  readonly number: string;
  readonly card: ItemOf<'card'> | null;
}

export interface MetaRow {
  readonly key: string;
  readonly value: unknown;
}

/**
 * queued: in the outbox, the server has not answered yet; accepted: stored by the server, waiting
 * for posting (points pending); posted / rejected / loyaltyRejected: the server's final word
 * (rejected with reason; loyaltyRejected: the sale is kept, its points were refused with reason).
 */
export type FactStatus = 'queued' | 'accepted' | FactOutcomeStatus;

export interface FactRow {
  readonly id: string;
  readonly seq: number;
  readonly type: Fact['type'];
  readonly fact: Fact;
  status: FactStatus;
  reason: string | null;
  readonly recordedAt: string;
  /** The cards the fact touches (indexed: a card's pending points are found by it). */
  readonly cards: readonly string[];
  /**
   * The distribution version the register held when the server said posted: the card's summary
   * shows the fact only from a later version on, so until then it still counts as pending.
   */
  postedAtVersion?: number;
}

/** A basket put aside to serve someone else, with what it came to when it was put aside. */
export interface SuspendedRow {
  readonly saleId: string;
  readonly basket: BasketContent;
  readonly staff: string;
  readonly savedAt: string;
  readonly total: number;
  readonly lineCount: number;
}

/** One fact waiting to be pushed, in device sequence order. */
export interface OutboxRow {
  readonly seq: number;
  readonly id: string;
  attempts: number;
}

/**
 * Schema versions. Dexie keeps every version's declaration so an old database is upgraded step by
 * step; an upgrade must keep every unsynced fact (the outbox and its facts are never dropped).
 * Version 1: the first layout. Version 2: fact status as an index (the review of rejected facts),
 * push attempts on outbox rows.
 */
export const SCHEMA_V1 = {
  meta: 'key',
  items: '[collection+key], collection',
  cardChunks: 'first',
  cardOverlay: 'number',
  facts: 'id, &seq',
  outbox: 'seq',
} as const;

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  facts: 'id, &seq, status',
  outbox: 'seq, &id',
} as const;

/** Version 3: the cards a fact touches, and its type, as indexes (card panel and returns). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  facts: 'id, &seq, status, type, *cards',
} as const;

/** Version 4: the customer names of each card chunk, for finding a card by name offline. */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  cardNames: 'first',
} as const;

/** Version 5: baskets put aside (suspended) to be taken up again, by their sale id. */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  suspended: 'saleId, savedAt',
} as const;

export const SCHEMA_VERSION = 5;

/** The card numbers a fact is about: its entries' cards, a sale's card, an issued card. */
export function cardsOfFact(fact: Fact): string[] {
  const numbers = new Set<string>();
  if (fact.type === 'sale') {
    if (fact.receipt.card) numbers.add(fact.receipt.card);
    for (const entry of fact.receipt.entries) numbers.add(entry.card);
  } else if (fact.type === 'ledgerEntry') numbers.add(fact.entry.card);
  else if (fact.type === 'cardIssued') numbers.add(fact.card.number);
  return [...numbers];
}

/** A register that held cards before version 4 builds their names once, from its chunks. */
async function upgradeToV4(tx: Transaction): Promise<void> {
  const names: CardNamesRow[] = [];
  await tx.table('cardChunks').each((chunk: CardChunk) => {
    names.push(namesOfChunk(chunk));
  });
  await tx.table('cardNames').bulkPut(names);
}

async function upgradeToV3(tx: Transaction): Promise<void> {
  await tx
    .table('facts')
    .toCollection()
    .modify((row: { fact: Fact; cards?: string[] }) => {
      row.cards ??= cardsOfFact(row.fact);
    });
}

/** Version 1 rows had no status: a fact still in the outbox is queued, any other was accepted. */
async function upgradeToV2(tx: Transaction): Promise<void> {
  const queued = new Set((await tx.table('outbox').toArray()).map((row: { id: string }) => row.id));
  await tx
    .table('facts')
    .toCollection()
    .modify((row: Partial<FactRow> & { id: string }) => {
      row.status ??= queued.has(row.id) ? 'queued' : 'accepted';
      row.reason ??= null;
    });
  await tx
    .table('outbox')
    .toCollection()
    .modify((row: Partial<OutboxRow>) => {
      row.attempts ??= 0;
    });
}

export const DEFAULT_DB_NAME = 'loyalty-register';

export class RegisterDb extends Dexie {
  meta!: EntityTable<MetaRow, 'key'>;
  items!: Table<ItemRow, [string, string]>;
  cardChunks!: EntityTable<CardChunk, 'first'>;
  cardOverlay!: EntityTable<OverlayRow, 'number'>;
  cardNames!: EntityTable<CardNamesRow, 'first'>;
  facts!: EntityTable<FactRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  suspended!: EntityTable<SuspendedRow, 'saleId'>;

  constructor(name = DEFAULT_DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
    this.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
    this.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
    this.version(5).stores(SCHEMA_V5);
  }
}

export async function readMeta<T>(db: RegisterDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function writeMeta(db: RegisterDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
