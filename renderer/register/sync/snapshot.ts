import { api } from '../../../shared/protocol/api';
import type { CardStore } from '../localdb/cardStore';
import { readMeta, writeMeta, type RegisterDb } from '../localdb/schema';
import type { SnapshotManifest } from './collections';
import type { ServerLink } from './link';
import { inThreadLoader, type PageLoader } from './pageLoaders';
import { PAGE_MARK, type PagePlan } from './snapshotPages';

export const SNAPSHOT_PAGE_SIZE = 10_000;

const STATE_KEY = 'snapshot';
export const CHECKPOINT_KEY = 'checkpoint';
export const VERSION_KEY = 'version';

/** Kept while a first load runs, so an interrupted one resumes with the same manifest. */
interface SnapshotState {
  readonly manifest: SnapshotManifest;
  readonly pageSize: number;
}

export type LoadProgress = (done: number, total: number) => void;

function planPages({ manifest, pageSize }: SnapshotState): PagePlan[] {
  return manifest.collections.flatMap(({ collection, count, pages }) =>
    pages.map((page, index) => ({
      id: `${collection}:${index}`,
      collection,
      after: page.after,
      upTo: page.upTo,
      expected: Math.max(0, Math.min(pageSize, count - index * pageSize)),
    })),
  );
}

/** True once a first load has completed (the register then follows the feed). */
export async function hasSnapshot(db: RegisterDb): Promise<boolean> {
  return (await readMeta<number>(db, CHECKPOINT_KEY)) !== undefined;
}

export interface SnapshotOptions {
  readonly onProgress?: LoadProgress;
  /** Where pages are loaded: workers in the browser, this thread by default. */
  readonly loader?: PageLoader;
  readonly pageSize?: number;
}

/**
 * First start: the store's state in bulk (docs/sync-protocol.md), pages in parallel, each stored
 * with its done-mark so an interrupted load resumes where it stopped. Ends by saving the manifest's
 * checkpoint and version, from where the incremental feed goes on.
 */
export async function loadSnapshot(
  link: ServerLink,
  db: RegisterDb,
  cards: CardStore,
  options: SnapshotOptions = {},
): Promise<SnapshotManifest> {
  const onProgress = options.onProgress ?? (() => undefined);
  const loader = options.loader ?? inThreadLoader(link, db);
  let state = await readMeta<SnapshotState>(db, STATE_KEY);
  if (!state) {
    const pageSize = options.pageSize ?? SNAPSHOT_PAGE_SIZE;
    const manifest = await link.route(api.sync.snapshot, { query: { pageSize } });
    state = { manifest, pageSize };
    await writeMeta(db, STATE_KEY, state);
  }
  const plans = planPages(state);
  const done = new Set(await db.meta.where('key').startsWith(PAGE_MARK).primaryKeys());
  const total = plans.reduce((sum, plan) => sum + plan.expected, 0);
  let loaded = plans
    .filter((plan) => done.has(PAGE_MARK + plan.id))
    .reduce((sum, plan) => sum + plan.expected, 0);
  onProgress(loaded, total);

  const queue = plans.filter((plan) => !done.has(PAGE_MARK + plan.id));
  let failed = false;
  const lane = async () => {
    for (let plan = queue.shift(); plan && !failed; plan = queue.shift()) {
      try {
        await loader.load(plan);
      } catch (error) {
        failed = true;
        throw error;
      }
      loaded += plan.expected;
      onProgress(loaded, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: loader.parallel }, lane));
  } finally {
    loader.close();
  }

  const { manifest } = state;
  await db.transaction('rw', [db.meta], async () => {
    await writeMeta(db, CHECKPOINT_KEY, manifest.checkpoint);
    await writeMeta(db, VERSION_KEY, manifest.version);
    await db.meta.delete(STATE_KEY);
    await db.meta.where('key').startsWith(PAGE_MARK).delete();
  });
  await cards.reload();
  onProgress(total, total);
  return manifest;
}
