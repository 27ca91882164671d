import { z } from 'zod';
import { Affiliation, DistributedStore, Product } from '../../../shared/domain/master';
import { Program, RewardPoint, Scheme } from '../../../shared/domain/loyalty';
import {
  CardSummary,
  ProtocolVersion,
  StaffCredential,
  type FeedChange,
} from '../../../shared/protocol/sync';

export type Collection = FeedChange['collection'];

/** The shared schema of each distributed collection's items (as the feed's `data`). */
export const ITEM_SCHEMAS = {
  store: DistributedStore,
  rewardPoint: RewardPoint,
  program: Program,
  scheme: Scheme,
  affiliation: Affiliation,
  product: Product,
  staff: StaffCredential,
  card: CardSummary,
} as const satisfies Record<Collection, z.ZodType>;

export const COLLECTION_NAMES = Object.keys(ITEM_SCHEMAS) as Collection[];

/** An item's key in its collection: a card's number, otherwise its id. */
export function keyOf(collection: Collection, item: unknown): string {
  const record = item as { number?: string; id?: string };
  const key = collection === 'card' ? record.number : record.id;
  if (!key) throw new Error(`a ${collection} item without its key`);
  return key;
}

/** The snapshot manifest (docs/sync-protocol.md). */
export const SnapshotManifest = z.object({
  protocol: ProtocolVersion,
  store: z.string(),
  version: z.int().nonnegative(),
  checkpoint: z.int().nonnegative(),
  serverTime: z.string(),
  collections: z.array(
    z.object({
      collection: z.enum(COLLECTION_NAMES as [Collection, ...Collection[]]),
      count: z.int().nonnegative(),
      pages: z.array(z.object({ after: z.string().nullable(), upTo: z.string().nullable() })),
    }),
  ),
});
export type SnapshotManifest = z.infer<typeof SnapshotManifest>;

/** One snapshot page; rows are validated per collection by ITEM_SCHEMAS. */
export const SnapshotPageBody = z.object({
  protocol: ProtocolVersion,
  store: z.string(),
  collection: z.string(),
  rows: z.array(z.unknown()),
  next: z.string().nullable(),
});
