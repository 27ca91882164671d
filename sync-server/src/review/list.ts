import type { z } from 'zod';
import type { Session } from '../db/database';
import {
  REVIEW_CURSOR,
  type ReviewItem,
  type ReviewPage,
  type ReviewQuery,
} from '../../../shared/protocol/api/reviewWire';
import { isoSql, SqlParams } from '../db/sqlParams';

interface Row extends ReviewItem {
  /** The `next` cursor if this row ends a page. */
  readonly cursor: string;
}

const toItem = (row: Row): ReviewItem => ({
  kind: row.kind,
  fact: row.fact,
  store: row.store,
  register: row.register,
  type: row.type,
  reason: row.reason,
  deviceTime: row.deviceTime,
  serverTime: row.serverTime,
  listedAt: row.listedAt,
  body: row.body,
  card: row.card,
  points: row.points === null ? null : Number(row.points),
  failedReposts: row.failedReposts,
  resolution: row.resolution,
});

const failedReposts = (fact: string) =>
  `(select count(*)::int from review_actions x
     where x.fact_id = ${fact} and x.action = 'repost' and x.outcome = 'rejected')`;

/** The columns every branch selects, in one order, so the branches can be put together. */
function columns(c: {
  kind: string;
  reason: string;
  listed: string;
  card: string;
  points: string;
  resolution: string;
}): string {
  return `${c.kind} as kind, f.id::text as fact, f.store_id as store, f.register_id as register,
    f.type, ${c.reason} as reason, ${isoSql('f.device_time')} as "deviceTime",
    ${isoSql('f.server_time')} as "serverTime", ${isoSql(c.listed)} as "listedAt",
    ${c.listed} as listed, ${isoSql(c.listed, 'us')} || '~' || f.id::text as cursor, f.body,
    ${c.card} as card, ${c.points} as points, ${failedReposts('f.id')} as "failedReposts",
    ${c.resolution} as resolution`;
}

/** The store, register and cursor conditions of one branch, on its own listing instant. */
function filtersOf(query: ReviewQuery, params: SqlParams, listed: string): string[] {
  const where: string[] = [];
  if (query.store !== undefined) where.push(`f.store_id = ${params.add(query.store)}`);
  if (query.register !== undefined) where.push(`f.register_id = ${params.add(query.register)}`);
  const cursor = query.before === undefined ? null : REVIEW_CURSOR.exec(query.before);
  if (cursor)
    where.push(
      `(${listed}, f.id) < (${params.add(cursor[1])}::timestamptz, ${params.add(cursor[2])}::uuid)`,
    );
  return where;
}

/** Rejected facts not voided (a reposted one that posted is no longer rejected). */
function openRejected(query: ReviewQuery, params: SqlParams, limit: string): string {
  return `(select ${columns({
    kind: `'rejected'`,
    reason: 'f.reason',
    listed: 'f.server_time',
    card: 'null::text',
    points: 'null::bigint',
    resolution: 'null::jsonb',
  })}
    from facts f
    where f.status = 'rejected'
      and not exists (select 1 from review_actions v where v.fact_id = f.id and v.outcome = 'voided')
      ${filtersOf(query, params, 'f.server_time')
        .map((w) => `and ${w}`)
        .join(' ')}
    order by f.server_time desc, f.id desc limit ${limit})`;
}

/** Posted facts flagged for a look (offline overdraws) and not yet resolved. */
function openFlagged(query: ReviewQuery, params: SqlParams, limit: string): string {
  const kind = query.kind === undefined ? [] : [`r.kind = ${params.add(query.kind)}`];
  return `(select ${columns({
    kind: 'r.kind',
    reason: 'r.reason',
    listed: 'r.flagged_at',
    card: 'r.card_number',
    points: 'r.points',
    resolution: 'null::jsonb',
  })}
    from fact_reviews r join facts f on f.id = r.fact_id
    where r.resolved_at is null
      ${[...kind, ...filtersOf(query, params, 'r.flagged_at')].map((w) => `and ${w}`).join(' ')}
    order by r.flagged_at desc, r.fact_id desc limit ${limit})`;
}

/**
 * What head office voided, reposted or resolved, by when it did. A resolved review, and the repost
 * of a sale kept without its loyalty part, are listed under their review's kind.
 */
function resolved(query: ReviewQuery, params: SqlParams, limit: string): string {
  const kind =
    query.kind === undefined
      ? []
      : query.kind === 'rejected'
        ? [`r.kind is null`]
        : [`r.kind = ${params.add(query.kind)}`];
  return `(select ${columns({
    kind: `coalesce(r.kind, 'rejected')`,
    reason: 'a.reason',
    listed: 'a.at',
    card: 'r.card_number',
    points: 'r.points',
    resolution: `jsonb_build_object('action', a.action, 'outcome', a.outcome, 'staff', a.staff_id,
      'comment', a.comment, 'at', ${isoSql('a.at')})`,
  })}
    from review_actions a join facts f on f.id = a.fact_id
      left join fact_reviews r on r.fact_id = a.fact_id
        and (a.action = 'resolve' or r.kind = 'loyaltyRejected')
    where a.outcome in ('voided', 'posted', 'resolved')
      ${[...kind, ...filtersOf(query, params, 'a.at')].map((w) => `and ${w}`).join(' ')}
    order by a.at desc, a.fact_id desc limit ${limit})`;
}

/**
 * Head office's review list, newest first, a page at a time. Each branch walks its own index
 * (facts_rejected_idx, fact_reviews_open_idx, review_actions_final_at_idx) from the cursor and
 * stops after a page, so the list stays quick however many facts were ever rejected.
 */
export async function listReview(
  session: Session,
  query: ReviewQuery,
): Promise<z.infer<typeof ReviewPage>> {
  const params = new SqlParams();
  const limit = params.add(query.limit + 1);
  const branches =
    query.state === 'resolved'
      ? [resolved(query, params, limit)]
      : [
          ...(query.kind === undefined || query.kind === 'rejected'
            ? [openRejected(query, params, limit)]
            : []),
          ...(query.kind !== 'rejected' ? [openFlagged(query, params, limit)] : []),
        ];
  const result = await session.query<Row>(
    `select * from (${branches.join(' union all ')}) items
      order by listed desc, fact::uuid desc limit ${limit}`,
    params.values,
  );
  const rows = result.rows.slice(0, query.limit);
  const items = rows.map(toItem);
  const last = rows.at(-1);
  return { items, next: result.rows.length > query.limit && last ? last.cursor : null };
}
