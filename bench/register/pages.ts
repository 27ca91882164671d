import { cardSummary, numberAt } from '../../test/register/cards';

/** Cards per snapshot page, as the server cuts them. */
export const PAGE = 10_000;

/**
 * The snapshot a stand-in server answers, rendered before the clock starts: the numbers measured
 * are then the register's own (download, validation, packing, IndexedDB), not the page generator's.
 */
export interface CardPages {
  readonly count: number;
  readonly manifest: string;
  /** Page bodies by the `after` key the register asks with ('' for the first page). */
  readonly bodies: Map<string, Buffer>;
}

const boundary = (page: number) => (page <= 0 ? null : numberAt(page * PAGE - 1));

export function renderPages(count: number, serverTime: string): CardPages {
  const pages = Math.ceil(count / PAGE);
  const manifest = {
    protocol: 1,
    store: 'S1',
    version: 1,
    checkpoint: 10,
    serverTime,
    collections: [
      { collection: 'store', count: 1, pages: [{ after: null, upTo: null }] },
      {
        collection: 'card',
        count,
        pages: Array.from({ length: pages }, (_, i) => ({
          after: boundary(i),
          upTo: i === pages - 1 ? null : boundary(i + 1),
        })),
      },
    ],
  };
  const bodies = new Map<string, Buffer>();
  for (let page = 0; page < pages; page += 1) {
    const first = page * PAGE;
    const rows = Array.from({ length: Math.min(PAGE, count - first) }, (_, i) =>
      JSON.stringify(cardSummary(numberAt(first + i), first + i)),
    );
    bodies.set(
      boundary(page) ?? '',
      Buffer.from(
        `{"protocol":1,"store":"S1","collection":"card","rows":[${rows.join(',')}],"next":null}`,
      ),
    );
  }
  return { count, manifest: JSON.stringify(manifest), bodies };
}
