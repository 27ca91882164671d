import type { z } from 'zod';
import type { Session } from '../db/database';
import type {
  ActivityReport,
  ActivityRow,
  DayRange,
} from '../../../shared/protocol/api/reportWire';

/**
 * Points earned and redeemed per store per day (the store's local day), per reward point, from
 * posted entries. The scan is bounded by earned_at with a day of margin on each side for time
 * zones, on the index ledger_entries_posted_earned_idx, which carries kind, store and points.
 */
export async function activityReport(
  session: Session,
  range: DayRange,
): Promise<z.infer<typeof ActivityReport>> {
  const result = await session.query<ActivityRow>(
    `with entries as (
       select e.store_id, e.reward_point_id, e.kind, e.points,
              (e.earned_at at time zone coalesce(s.time_zone, 'UTC'))::date as day
         from ledger_entries e left join stores s on s.id = e.store_id
        where e.status = 'posted'
          and e.kind in ('earn', 'activity', 'redeem', 'returnEarn', 'refundRedeem')
          and e.earned_at >= (($1::date - 1)::timestamp at time zone 'UTC')
          and e.earned_at < (($2::date + 2)::timestamp at time zone 'UTC'))
     select to_char(day, 'YYYY-MM-DD') as day, store_id as store, reward_point_id as "rewardPoint",
            coalesce(sum(points) filter (where kind in ('earn', 'activity')), 0)::bigint as earned,
            coalesce(-sum(points) filter (where kind = 'redeem'), 0)::bigint as redeemed,
            coalesce(-sum(points) filter (where kind = 'returnEarn'), 0)::bigint as returned,
            coalesce(sum(points) filter (where kind = 'refundRedeem'), 0)::bigint as refunded
       from entries
      where day between $1::date and $2::date
      group by day, store_id, reward_point_id
      order by day, store_id nulls last, reward_point_id`,
    [range.from, range.to],
  );
  return {
    from: range.from,
    to: range.to,
    rows: result.rows.map((row) => ({
      ...row,
      earned: Number(row.earned),
      redeemed: Number(row.redeemed),
      returned: Number(row.returned),
      refunded: Number(row.refunded),
    })),
  };
}
