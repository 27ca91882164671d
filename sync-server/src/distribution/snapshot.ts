import type { Session } from '../db/database';
import { latestVersion } from './feed';
import { SNAPSHOT_PAGE_MAX, SNAPSHOT_PAGE_SIZE } from '../../../shared/protocol/api/sync';
import { COLLECTIONS, type Collection } from './sqlParts';

// Items per snapshot page (a page of cards is a few MB of JSON) and the most a page answers
// (`next` says where to go on): in the API contract, which the register reads too.
export { SNAPSHOT_PAGE_MAX, SNAPSHOT_PAGE_SIZE };

/** Keys of one page: items with after < key <= upTo (null: unbounded on that side). */
export interface PageRange {
  readonly after: string | null;
  readonly upTo: string | null;
}

export interface SnapshotManifest {
  readonly version: number;
  readonly checkpoint: number;
  readonly collections: { collection: Collection; count: number; pages: PageRange[] }[];
}

/**
 * What a register downloads on its first start: the store's state as of its latest version, cut
 * into key ranges that can be fetched in any order (or in parallel). Pages are read later from the
 * current state, which may be newer than `checkpoint`; the register then applies the feed after
 * `checkpoint`, which repeats any such newer change, so it ends with the same state either way.
 */
export async function snapshotManifest(
  session: Session,
  storeId: string,
  pageSize = SNAPSHOT_PAGE_SIZE,
): Promise<SnapshotManifest> {
  const latest = await latestVersion(session, storeId);
  const counts = await session.query<{ entity: Collection; n: number }>(
    'select entity, count(*)::int as n from distribution_state where store_id = $1 group by entity',
    [storeId],
  );
  const bounds = await session.query<{ entity: Collection; entity_id: string }>(
    `select entity, entity_id from (
       select entity, entity_id, row_number() over (partition by entity order by entity_id) as n
       from distribution_state where store_id = $1
     ) numbered where n % $2 = 0 order by entity, n`,
    [storeId, pageSize],
  );
  const collections = COLLECTIONS.map((collection) => {
    const cuts = bounds.rows.filter((b) => b.entity === collection).map((b) => b.entity_id);
    const edges = [null, ...cuts, null];
    const pages = edges.slice(0, -1).map((after, i) => ({ after, upTo: edges[i + 1] ?? null }));
    const count = counts.rows.find((c) => c.entity === collection)?.n ?? 0;
    return { collection, count, pages: count === 0 ? [] : pages.filter(nonEmpty(count, pageSize)) };
  });
  return { version: latest.version, checkpoint: latest.lastSeq, collections };
}

/** Drops the last page when the count is an exact multiple of the page size (it would be empty). */
const nonEmpty = (count: number, pageSize: number) => (_: PageRange, index: number) =>
  index * pageSize < count;

export interface SnapshotPage {
  /** The items, as a JSON array text straight from the database. */
  readonly rowsJson: string;
  /** Set when the range held more than a page may answer: ask again with after = next. */
  readonly next: string | null;
}

export async function snapshotPage(
  session: Session,
  storeId: string,
  collection: Collection,
  range: PageRange,
): Promise<SnapshotPage> {
  const result = await session.query<{ rows: string | null; last: string | null; n: number }>(
    `select json_agg(body order by entity_id)::text as rows, max(entity_id) as last,
       count(*)::int as n
     from (
       select st.entity_id, ch.body from distribution_state st
       join distribution_changes ch on ch.seq = st.seq
       where st.store_id = $1 and st.entity = $2
         and ($3::text is null or st.entity_id > $3::text)
         and ($4::text is null or st.entity_id <= $4::text)
       order by st.entity_id limit $5
     ) page`,
    [storeId, collection, range.after, range.upTo, SNAPSHOT_PAGE_MAX],
  );
  const row = result.rows[0];
  const full = (row?.n ?? 0) >= SNAPSHOT_PAGE_MAX;
  return { rowsJson: row?.rows ?? '[]', next: full ? (row?.last ?? null) : null };
}
