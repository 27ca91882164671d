import { Dexie, type EntityTable } from 'dexie';

/**
 * The plain way to keep cards in IndexedDB, as the bootstrap benchmark's baseline: one record per
 * card, written with Dexie's bulkPut a page at a time, in the page's main thread.
 */
interface CardRow {
  readonly number: string;
}

async function loadPlain(pageUrls: string[]): Promise<number> {
  const db = new Dexie('bench-baseline') as Dexie & { cards: EntityTable<CardRow, 'number'> };
  db.version(1).stores({ cards: 'number' });
  await db.open();
  let written = 0;
  for (const url of pageUrls) {
    const response = await fetch(url);
    const body = (await response.json()) as { rows: CardRow[] };
    await db.cards.bulkPut(body.rows);
    written += body.rows.length;
  }
  db.close();
  return written;
}

declare global {
  interface Window {
    benchBaseline?: { loadPlain: typeof loadPlain };
  }
}

window.benchBaseline = { loadPlain };
