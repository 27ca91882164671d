import { z } from 'zod';
import { Id } from '../../../../shared/domain/common';
import { FeedQuery, PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { latestVersion, readFeed } from '../../distribution/feed';
import { FeedPageCache } from '../../distribution/feedPages';
import {
  SNAPSHOT_PAGE_MAX,
  SNAPSHOT_PAGE_SIZE,
  snapshotManifest,
  snapshotPage,
} from '../../distribution/snapshot';
import { COLLECTIONS } from '../../distribution/sqlParts';
import { forbidden } from '../../errors';
import { requireRegister, type Principal } from '../../auth/principal';
import type { RouteModule } from '../app';

/** Keeps the literal type through object literals (which would widen it to number). */
const PROTOCOL = PROTOCOL_VERSION as typeof PROTOCOL_VERSION;

/** A register reads its own store only; naming another store is refused rather than ignored. */
const StoreQuery = z.object({ store: Id.optional() });

function storeOf(principal: Principal | null, asked: string | undefined): string {
  const register = requireRegister(principal);
  if (asked !== undefined && asked !== register.store)
    throw forbidden(`this register belongs to store ${register.store}, not ${asked}`);
  return register.store;
}

const PageRange = z.object({ after: z.string().nullable(), upTo: z.string().nullable() });
const Manifest = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  store: Id,
  version: z.int().nonnegative(),
  checkpoint: z.int().nonnegative(),
  serverTime: z.string(),
  collections: z.array(
    z.object({ collection: z.enum(COLLECTIONS), count: z.int(), pages: z.array(PageRange) }),
  ),
});

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

  app.get(
    '/api/sync/feed',
    {
      schema: {
        tags: ['sync'],
        summary:
          "the store's distribution changes after a checkpoint: { protocol, store, version, checkpoint, changes, hasMore, serverTime } (FeedPage, docs/sync-protocol.md)",
        querystring: FeedQuery.extend(StoreQuery.shape),
      },
    },
    async (request, reply) => {
      const store = storeOf(request.principal, request.query.store);
      const page = await feedPage(store, request.query.after, request.query.limit);
      const head = JSON.stringify({
        protocol: PROTOCOL,
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
    },
  );

  app.get(
    '/api/sync/snapshot',
    {
      schema: {
        tags: ['sync'],
        summary: "the store's full state for a first start: version, checkpoint and pages",
        querystring: StoreQuery.extend({
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(SNAPSHOT_PAGE_MAX)
            .default(SNAPSHOT_PAGE_SIZE),
        }),
        response: { 200: Manifest },
      },
    },
    async (request) => {
      const store = storeOf(request.principal, request.query.store);
      const manifest = await snapshotManifest(context.database, store, request.query.pageSize);
      return {
        protocol: PROTOCOL,
        store,
        serverTime: new Date(context.clock.now()).toISOString(),
        ...manifest,
      };
    },
  );

  app.get(
    '/api/sync/snapshot/:collection',
    {
      schema: {
        tags: ['sync'],
        summary:
          'one page of the snapshot: { protocol, store, collection, rows: [item...], next } (see docs/sync-protocol.md)',
        params: z.object({ collection: z.enum(COLLECTIONS) }),
        querystring: StoreQuery.extend({
          after: z.string().min(1).max(64).optional(),
          upTo: z.string().min(1).max(64).optional(),
        }),
      },
    },
    async (request, reply) => {
      const store = storeOf(request.principal, request.query.store);
      const { collection } = request.params;
      const page = await snapshotPage(context.database, store, collection, {
        after: request.query.after ?? null,
        upTo: request.query.upTo ?? null,
      });
      // The rows arrive as JSON text from the database and go out as they are: a page of 10,000
      // cards is never parsed and re-serialised here.
      const head = JSON.stringify({ protocol: PROTOCOL_VERSION, store, collection }).slice(0, -1);
      return reply
        .type('application/json; charset=utf-8')
        .send(`${head},"rows":${page.rowsJson},"next":${JSON.stringify(page.next)}}`);
    },
  );
};
