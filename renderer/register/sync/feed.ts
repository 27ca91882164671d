import { api } from '../../../shared/protocol/api';
import type { FeedPage } from '../../../shared/protocol/sync';
import { COMPACT_AT, type CardStore } from '../localdb/cardStore';
import type { CardChange } from '../localdb/chunks';
import { applyItemChanges, type ItemChange } from '../localdb/items';
import { readMeta, writeMeta, type RegisterDb } from '../localdb/schema';
import type { ServerLink } from './link';
import { CHECKPOINT_KEY, VERSION_KEY } from './snapshot';

export const FEED_PAGE_LIMIT = 5000;

type Change = FeedPage['changes'][number];

function split(changes: readonly Change[]): { items: ItemChange[]; cards: CardChange[] } {
  const items: ItemChange[] = [];
  const cards: CardChange[] = [];
  for (const change of changes) {
    if (change.collection === 'card') cards.push({ number: change.key, card: change.data });
    else items.push(change as ItemChange);
  }
  return { items, cards };
}

/** Applies one feed page and its checkpoint in one transaction. */
async function applyPage(db: RegisterDb, cards: CardStore, page: FeedPage): Promise<void> {
  const { items, cards: cardChanges } = split(page.changes);
  await db.transaction(
    'rw',
    [db.items, db.cardChunks, db.cardNames, db.cardOverlay, db.meta],
    async () => {
      await applyItemChanges(db, items);
      await cards.applyChanges(cardChanges);
      await writeMeta(db, CHECKPOINT_KEY, page.checkpoint);
      await writeMeta(db, VERSION_KEY, page.version);
    },
  );
}

export interface PullResult {
  readonly version: number;
  readonly checkpoint: number;
  readonly changes: number;
}

/** Pulls the feed after the stored checkpoint until it has no more, compacting cards as it goes. */
export async function pullFeed(
  link: ServerLink,
  db: RegisterDb,
  cards: CardStore,
): Promise<PullResult> {
  let checkpoint = (await readMeta<number>(db, CHECKPOINT_KEY)) ?? 0;
  let version = (await readMeta<number>(db, VERSION_KEY)) ?? 0;
  let changes = 0;
  for (;;) {
    const page = await link.route(api.sync.feed, {
      query: { after: checkpoint, limit: FEED_PAGE_LIMIT },
    });
    await applyPage(db, cards, page);
    if (cards.overlaySize >= COMPACT_AT) await cards.compact();
    checkpoint = page.checkpoint;
    version = page.version;
    changes += page.changes.length;
    if (!page.hasMore) return { version, checkpoint, changes };
  }
}
