import { api } from '../../../shared/protocol/api';
import { z } from 'zod';
import type { CardSummary } from '../../../shared/protocol/sync';
import { packCardsWithNames, sortByNumber } from '../localdb/chunks';
import type { ItemCollection, RegisterDb } from '../localdb/schema';
import { ITEM_SCHEMAS, keyOf, type Collection } from './collections';
import type { ServerLink } from './link';

/** One key range of one collection of the snapshot manifest. */
export interface PagePlan {
  readonly id: string;
  readonly collection: Collection;
  readonly after: string | null;
  readonly upTo: string | null;
  /** Items the page should hold (for the progress bar). */
  readonly expected: number;
}

export const PAGE_MARK = 'snapshotPage:';

async function fetchPage(link: ServerLink, plan: PagePlan): Promise<unknown[]> {
  const rows: unknown[] = [];
  let after = plan.after;
  for (;;) {
    const page = await link.route(api.sync.snapshotPage, {
      params: { collection: plan.collection },
      query: { after: after ?? undefined, upTo: plan.upTo ?? undefined },
    });
    rows.push(...page.rows);
    if (page.next === null) return rows;
    after = page.next;
  }
}

/** Validates a page and writes it with its done-mark in one transaction. */
async function storePage(db: RegisterDb, plan: PagePlan, rows: unknown[]): Promise<void> {
  const items = z.array(ITEM_SCHEMAS[plan.collection] as z.ZodType).parse(rows);
  const mark = { key: PAGE_MARK + plan.id, value: true };
  if (plan.collection === 'card') {
    const { chunks, names } = packCardsWithNames(sortByNumber(items as CardSummary[]));
    await db.transaction('rw', [db.cardChunks, db.cardNames, db.meta], async () => {
      await db.cardChunks.bulkPut(chunks);
      await db.cardNames.bulkPut(names);
      await db.meta.put(mark);
    });
    return;
  }
  const collection = plan.collection as ItemCollection;
  await db.transaction('rw', [db.items, db.meta], async () => {
    await db.items.bulkPut(
      items.map((data) => ({ collection, key: keyOf(collection, data), data })),
    );
    await db.meta.put(mark);
  });
}

/** Downloads, validates, packs and stores one page (in a worker, or in the page itself). */
export async function loadPage(link: ServerLink, db: RegisterDb, plan: PagePlan): Promise<void> {
  await storePage(db, plan, await fetchPage(link, plan));
}
