import type { FeedChange } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import type { Collection } from './sqlParts';

export interface LatestVersion {
  /** 0 before the store's first distribution. */
  readonly version: number;
  /** The highest seq registers may read: the latest version's last change. */
  readonly lastSeq: number;
}

export async function latestVersion(session: Session, storeId: string): Promise<LatestVersion> {
  const result = await session.query<{ version: number; last_seq: number }>(
    `select version, last_seq from distribution_versions where store_id = $1
     order by version desc limit 1`,
    [storeId],
  );
  const row = result.rows[0];
  return row ? { version: row.version, lastSeq: row.last_seq } : { version: 0, lastSeq: 0 };
}

export interface FeedSlice {
  readonly latest: LatestVersion;
  readonly changes: (FeedChange & { seq: number })[];
  readonly hasMore: boolean;
  /** The last seq in `changes`, or `after` when there are none. */
  readonly checkpoint: number;
}

/** The store's changes after `after`, up to the latest complete version, in seq order. */
export async function readFeed(
  session: Session,
  storeId: string,
  after: number,
  limit: number,
  known?: LatestVersion,
): Promise<FeedSlice> {
  const latest = known ?? (await latestVersion(session, storeId));
  const result = await session.query<{
    seq: number;
    entity: Collection;
    entity_id: string;
    body: unknown;
  }>(
    `select seq, entity, entity_id, body from distribution_changes
     where store_id = $1 and seq > $2 and seq <= $3 order by seq limit $4`,
    [storeId, after, latest.lastSeq, limit + 1],
  );
  const rows = result.rows.slice(0, limit);
  const changes = rows.map(
    (row) =>
      ({
        collection: row.entity,
        key: row.entity_id,
        data: row.body ?? null,
        seq: row.seq,
      }) as FeedChange & { seq: number },
  );
  return {
    latest,
    changes,
    hasMore: result.rows.length > limit,
    checkpoint: rows.at(-1)?.seq ?? after,
  };
}
