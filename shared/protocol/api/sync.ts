import { z } from 'zod';
import { Id, Uuid } from '../../domain/common';
import {
  ApprovalRequest,
  ApprovalResponse,
  CardNumberBlock,
  ContactCardAnswer,
  ContactCardQuery,
  FactResult,
  FactStatusRequest,
  FactStatusResponse,
  FeedPage,
  FeedQuery,
  HealthReportRequest,
  HealthReportResponse,
  ProtocolVersion,
  PushRequest,
  PushResponse,
  ReserveRequest,
  ReserveResponse,
  SaleFact,
} from '../sync';
import { route } from './contract';

const tags = ['sync'];

/** The feed's collections, in the order a distribution version lists its changes. */
export const COLLECTIONS = [
  'store',
  'rewardPoint',
  'program',
  'affiliation',
  'scheme',
  'reward',
  'product',
  'staff',
  'card',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** Snapshot pages: as many rows as a register stores at once, never more than the maximum. */
export const SNAPSHOT_PAGE_SIZE = 10_000;
export const SNAPSHOT_PAGE_MAX = 20_000;

export const DEFAULT_BLOCK_SIZE = 100;
/** A register issues a few cards a day; these bound what a stolen token can take from the counter. */
export const MAX_BLOCK_SIZE = 1_000;
export const MAX_BLOCKS_PER_DAY = 20;

/** A register reads its own store only; naming another store is refused rather than ignored. */
const StoreQuery = z.object({ store: Id.optional() });

/** The snapshot manifest (docs/sync-protocol.md). */
export const SnapshotManifest = z.object({
  protocol: ProtocolVersion,
  store: Id,
  version: z.int().nonnegative(),
  checkpoint: z.int().nonnegative(),
  serverTime: z.string(),
  collections: z.array(
    z.object({
      collection: z.enum(COLLECTIONS),
      count: z.int().nonnegative(),
      pages: z.array(z.object({ after: z.string().nullable(), upTo: z.string().nullable() })),
    }),
  ),
});
export type SnapshotManifest = z.infer<typeof SnapshotManifest>;

/** One snapshot page; the register checks each row with its collection's item schema. */
export const SnapshotPageBody = z.object({
  protocol: ProtocolVersion,
  store: z.string(),
  collection: z.string(),
  rows: z.array(z.unknown()),
  next: z.string().nullable(),
});

export const JournalImportAnswer = z.object({
  protocol: ProtocolVersion,
  serverTime: z.string(),
  results: z.array(FactResult.extend({ line: z.int().positive() })),
  problems: z.array(z.object({ line: z.int().positive(), message: z.string() })),
  counts: z.object({
    accepted: z.int(),
    duplicate: z.int(),
    rejected: z.int(),
    invalid: z.int(),
  }),
});

/**
 * A receipt of the register's store found by its printed number, for a return: the sale with its
 * lines as the server posted them (a sale kept without its points holds none) and the items of
 * each line that earlier returns took back.
 */
export const ReceiptForReturn = z.object({
  sale: SaleFact,
  returned: z.record(Id, z.int().nonnegative()),
});
export type ReceiptForReturn = z.infer<typeof ReceiptForReturn>;

/** What a register calls with its own token (PRODUCT 5): push, pull, reserve, card numbers. */
export const sync = {
  push: route({
    method: 'POST',
    path: '/api/sync/push',
    access: 'register',
    limit: 'money',
    body: PushRequest,
    reply: PushResponse,
    tags,
    summary: 'Push facts from a register; each is answered accepted, duplicate or rejected',
  }),
  health: route({
    method: 'POST',
    path: '/api/sync/health',
    access: 'register',
    body: HealthReportRequest,
    reply: HealthReportResponse,
    tags,
    summary: 'A register with an empty outbox reports its outbox depth, version and clock',
  }),
  factStatus: route({
    method: 'POST',
    path: '/api/sync/fact-status',
    access: 'register',
    body: FactStatusRequest,
    reply: FactStatusResponse,
    tags,
    summary: "The status of this register's facts: pending, posted or rejected with its reason",
  }),
  approvals: route({
    method: 'POST',
    path: '/api/sync/approvals',
    access: 'register',
    limit: 'secret',
    body: ApprovalRequest,
    reply: ApprovalResponse,
    tags,
    summary: "A manager's approval of one action at this register, signed by the server",
  }),
  cardsByContact: route({
    method: 'GET',
    path: '/api/sync/cards-by-contact',
    access: 'register',
    limit: 'contacts',
    query: ContactCardQuery,
    reply: ContactCardAnswer,
    tags,
    summary: "Cards of the register's program whose customer has this phone or e-mail",
  }),
  receiptForReturn: route({
    method: 'GET',
    path: '/api/sync/receipts',
    access: 'register',
    query: z.object({ number: z.string().trim().min(8).max(60) }),
    reply: ReceiptForReturn,
    tags,
    summary: "A receipt of this register's store by its printed number, to start a return of it",
  }),
  reserve: route({
    method: 'POST',
    path: '/api/sync/reserve',
    access: 'register',
    limit: 'money',
    body: ReserveRequest,
    reply: ReserveResponse,
    tags,
    summary: 'Pay a tender with points, exactly once per tender id',
  }),
  release: route({
    method: 'POST',
    path: '/api/sync/reserve/:tender/release',
    access: 'register',
    limit: 'money',
    params: z.object({ tender: Uuid }),
    reply: z.object({ tender: Uuid, released: z.literal(true), points: z.record(Id, z.int()) }),
    tags,
    summary: 'Give back the points of an abandoned sale, once',
  }),
  feed: route({
    method: 'GET',
    path: '/api/sync/feed',
    access: 'register',
    query: FeedQuery.extend(StoreQuery.shape),
    reply: FeedPage,
    tags,
    summary:
      "the store's distribution changes after a checkpoint (FeedPage, docs/sync-protocol.md)",
  }),
  snapshot: route({
    method: 'GET',
    path: '/api/sync/snapshot',
    access: 'register',
    query: StoreQuery.extend({
      pageSize: z.coerce.number().int().min(1).max(SNAPSHOT_PAGE_MAX).default(SNAPSHOT_PAGE_SIZE),
    }),
    reply: SnapshotManifest,
    tags,
    summary: "the store's full state for a first start: version, checkpoint and pages",
  }),
  snapshotPage: route({
    method: 'GET',
    path: '/api/sync/snapshot/:collection',
    access: 'register',
    params: z.object({ collection: z.enum(COLLECTIONS) }),
    query: StoreQuery.extend({
      after: z.string().min(1).max(64).optional(),
      upTo: z.string().min(1).max(64).optional(),
    }),
    reply: SnapshotPageBody,
    tags,
    summary:
      'one page of the snapshot: { protocol, store, collection, rows: [item...], next } (see docs/sync-protocol.md)',
  }),
  events: route({
    method: 'GET',
    path: '/api/sync/events',
    access: 'register',
    tags,
    summary: 'server-sent events for this register (text/event-stream)',
  }),
  cardNumberBlocks: route({
    method: 'GET',
    path: '/api/sync/card-number-blocks',
    access: 'register',
    reply: z.object({ blocks: z.array(CardNumberBlock) }),
    tags,
    summary: "This register's card number blocks",
  }),
  newCardNumberBlock: route({
    method: 'POST',
    path: '/api/sync/card-number-blocks',
    access: 'register',
    limit: 'money',
    body: z
      .object({ size: z.int().min(1).max(MAX_BLOCK_SIZE).default(DEFAULT_BLOCK_SIZE) })
      .default({ size: DEFAULT_BLOCK_SIZE })
      .nullish(),
    reply: CardNumberBlock,
    status: 201,
    tags,
    summary: 'Reserve a new block of card numbers for this register',
  }),
  importJournal: route({
    method: 'POST',
    path: '/api/sync/import-journal',
    access: 'registerOrHeadOffice',
    limit: 'money',
    reply: JournalImportAnswer,
    tags,
    summary:
      "Import a register's exported journal (JSON lines); each fact answered like a push, bad lines by number",
  }),
};
