import type { FeedChange } from '../../../shared/protocol/sync';
import type { ItemCollection, ItemOf, RegisterDb } from './schema';

/** Reads one distributed item (store config, reward point, program, scheme, product, staff...). */
export async function getItem<C extends ItemCollection>(
  db: RegisterDb,
  collection: C,
  key: string,
): Promise<ItemOf<C> | undefined> {
  return (await db.items.get([collection, key]))?.data as ItemOf<C> | undefined;
}

export async function listItems<C extends ItemCollection>(
  db: RegisterDb,
  collection: C,
): Promise<ItemOf<C>[]> {
  const rows = await db.items.where('collection').equals(collection).toArray();
  return rows.map((row) => row.data as ItemOf<C>);
}

export type ItemChange = Exclude<FeedChange, { collection: 'card' }>;

/** Applies changes in order (the last change of a key wins), inside the caller's transaction. */
export async function applyItemChanges(
  db: RegisterDb,
  changes: readonly ItemChange[],
): Promise<void> {
  const latest = new Map<string, ItemChange>();
  for (const change of changes) latest.set(`${change.collection}\u0000${change.key}`, change);
  const puts = [...latest.values()].filter((change) => change.data !== null);
  const deletes = [...latest.values()].filter((change) => change.data === null);
  await db.items.bulkPut(
    puts.map((change) => ({ collection: change.collection, key: change.key, data: change.data })),
  );
  await db.items.bulkDelete(deletes.map((change) => [change.collection, change.key]));
}
