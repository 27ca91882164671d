import { useLiveQuery } from 'dexie-react-hooks';
import type {
  DistributedReward,
  Program,
  RewardPoint,
  Scheme,
} from '../../../shared/domain/loyalty';
import type { DistributedStore, Product } from '../../../shared/domain/master';
import type { z } from 'zod';
import type { StaffCredential } from '../../../shared/protocol/sync';
import { getItem, listItems } from '../localdb/items';
import type { RegisterDb } from '../localdb/schema';

/** What head office distributed to this store, as the screens use it. */
export interface StoreSetup {
  readonly store: DistributedStore;
  readonly program: Program | null;
  readonly rewardPoints: readonly RewardPoint[];
  readonly schemes: readonly Scheme[];
  /** The rewards catalogue as the store was sent it (active rewards only are offered). */
  readonly rewards: readonly DistributedReward[];
  readonly staff: readonly z.infer<typeof StaffCredential>[];
  /** Products by id and by barcode. */
  readonly products: ReadonlyMap<string, Product>;
}

export async function loadStoreSetup(db: RegisterDb, storeId: string): Promise<StoreSetup | null> {
  const store = await getItem(db, 'store', storeId);
  if (!store) return null;
  const [program, rewardPoints, schemes, rewards, staff, productList] = await Promise.all([
    getItem(db, 'program', store.program),
    listItems(db, 'rewardPoint'),
    listItems(db, 'scheme'),
    listItems(db, 'reward'),
    listItems(db, 'staff'),
    listItems(db, 'product'),
  ]);
  const products = new Map<string, Product>();
  for (const product of productList) {
    products.set(product.id.toUpperCase(), product);
    if (product.barcode) products.set(product.barcode, product);
  }
  return { store, program: program ?? null, rewardPoints, schemes, rewards, staff, products };
}

/**
 * The store's setup as a Dexie live query: read again whenever a distribution writes what it is
 * read from, in this tab or in the worker that loads a snapshot. Null until the first load is done.
 */
export function useStoreSetup(
  db: RegisterDb,
  storeId: string | null,
  ready: boolean,
): StoreSetup | null {
  return (
    useLiveQuery(
      () => (storeId && ready ? loadStoreSetup(db, storeId) : null),
      [db, storeId, ready],
    ) ?? null
  );
}

export const findProduct = (setup: StoreSetup, code: string): Product | undefined =>
  setup.products.get(code.trim()) ?? setup.products.get(code.trim().toUpperCase());
