import type { z } from 'zod';
import { Affiliation, DistributedStore, Product } from '../../../shared/domain/master';
import { DistributedReward, Program, RewardPoint, Scheme } from '../../../shared/domain/loyalty';
import { CardSummary, StaffCredential, type FeedChange } from '../../../shared/protocol/sync';

export type Collection = FeedChange['collection'];

/** The shared schema of each distributed collection's items (as the feed's `data`). */
export const ITEM_SCHEMAS = {
  store: DistributedStore,
  rewardPoint: RewardPoint,
  program: Program,
  scheme: Scheme,
  reward: DistributedReward,
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

// The snapshot's manifest and pages, as the API contract states them.
export { SnapshotManifest, SnapshotPageBody } from '../../../shared/protocol/api';
