import { api } from '../../../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { latestVersion, readFeed } from '../../distribution/feed';
import { FeedPageCache } from '../../distribution/feedPages';
import { snapshotManifest, snapshotPage } from '../../distribution/snapshot';
import { forbidden } from '../../errors';
import { recordFedInFull } from '../../ingest/heldVersion';
import { requireRegister, type Principal } from '../../auth/principal';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** A register reads its own store only; naming another store is refused rather than ignored. */
function storeOf(principal: Principal | null, asked: string | undefined): string {
  const register = requireRegister(principal);
  if (asked !== undefined && asked !== register.store)
    throw forbidden(`this register belongs to store ${register.store}, not ${asked}`);
  return register.store;
}

/** The registers' pull: the incremental feed, and a bulk snapshot for a first start. */
export const syncFeedRoutes: RouteModule = (app, context) => {
  const pages = new FeedPageCache();

  /** The page's changes, serialised once for every register of the store that asks for it. */
  async function feedPage(store: string, after: number, limit: number) {
    const latest = await latestVersion(context.database, store);
    const key = FeedPageCache.key(store, after, limit, latest);
    const kept = pages.get(key);
    if (kept) return kept;
    const slice = await readFeed(context.database, store, after, limit, latest);
    const page = {
      version: latest.version,
      checkpoint: slice.checkpoint,
      hasMore: slice.hasMore,
      changesJson: JSON.stringify(slice.changes),
    };
    pages.set(key, page);
    return page;
  }

  serve(app, api.sync.feed, async ({ principal, query, reply }) => {
    const store = storeOf(principal, query.store);
    const page = await feedPage(store, query.after, query.limit);
    // Nothing more to read: the register was sent the latest version in full.
    if (!page.hasMore)
      await recordFedInFull(
        context.database,
        requireRegister(principal).id,
        page.version,
        context.clock.now(),
      );
    const head = JSON.stringify({
      protocol: PROTOCOL_VERSION,
      store,
      version: page.version,
      checkpoint: page.checkpoint,
    }).slice(0, -1);
    const tail = JSON.stringify({
      hasMore: page.hasMore,
      serverTime: new Date(context.clock.now()).toISOString(),
    }).slice(1);
    return reply
      .type('application/json; charset=utf-8')
      .send(`${head},"changes":${page.changesJson},${tail}`);
  });

  serve(app, api.sync.snapshot, async ({ principal, query }) => {
    const store = storeOf(principal, query.store);
    const manifest = await snapshotManifest(context.database, store, query.pageSize);
    return {
      protocol: PROTOCOL_VERSION,
      store,
      serverTime: new Date(context.clock.now()).toISOString(),
      ...manifest,
    };
  });

  serve(app, api.sync.snapshotPage, async ({ principal, params, query, reply }) => {
    const store = storeOf(principal, query.store);
    const { collection } = params;
    const page = await snapshotPage(context.database, store, collection, {
      after: query.after ?? null,
      upTo: query.upTo ?? null,
    });
    // The rows arrive as JSON text from the database and go out as they are: a page of 10,000
    // cards is never parsed and re-serialised here.
    const head = JSON.stringify({ protocol: PROTOCOL_VERSION, store, collection }).slice(0, -1);
    return reply
      .type('application/json; charset=utf-8')
      .send(`${head},"rows":${page.rowsJson},"next":${JSON.stringify(page.next)}}`);
  });
};
