import type { Session } from '../db/database';
import type { LiabilityQuery, LiabilityReport } from '../../../shared/protocol/api/reportWire';
import { dayEndSql, dayStartSql } from './range';

/**
 * Points liability over time (PRODUCT 1): per reward point, the sum of every posted ledger entry
 * earned up to the end of each day, in the given time zone. Entries count by when they were earned
 * (an offline sale posted later counts on its own day), so past days can change as late facts post.
 *
 * All in the database: the opening balance before `from` plus a running sum of the per-day totals.
 * Both read the partial index ledger_entries_posted_earned_idx (earned_at, with reward point and
 * points included) without touching the table. The opening sum still reads every posted entry
 * before `from`; at tens of millions of entries the next step is a rollup of closed days (per
 * day, reward point, store and kind, written nightly by a job), summed instead.
 */
export async function liabilityReport(
  session: Session,
  query: LiabilityQuery,
): Promise<LiabilityReport> {
  const result = await session.query<{ rewardPoint: string; day: string; outstanding: number }>(
    `with bounds as (
       select ${dayStartSql('$1', '$3')} as start_at, ${dayEndSql('$2', '$3')} as end_at),
     opening as (
       select e.reward_point_id, sum(e.points) as points
         from ledger_entries e, bounds b
        where e.status = 'posted' and e.earned_at < b.start_at
        group by e.reward_point_id),
     daily as (
       select e.reward_point_id, (e.earned_at at time zone $3::text)::date as day,
              sum(e.points) as points
         from ledger_entries e, bounds b
        where e.status = 'posted' and e.earned_at >= b.start_at and e.earned_at < b.end_at
        group by 1, 2),
     days as (
       select d::date as day from generate_series($1::date, $2::date, interval '1 day') d)
     select rp.id as "rewardPoint", to_char(days.day, 'YYYY-MM-DD') as day,
            (coalesce(o.points, 0) + sum(coalesce(dl.points, 0))
               over (partition by rp.id order by days.day))::bigint as outstanding
       from reward_points rp
       cross join days
       left join opening o on o.reward_point_id = rp.id
       left join daily dl on dl.reward_point_id = rp.id and dl.day = days.day
      order by rp.id, days.day`,
    [query.from, query.to, query.timeZone],
  );
  const series = new Map<string, { day: string; outstanding: number }[]>();
  for (const row of result.rows) {
    const days = series.get(row.rewardPoint) ?? [];
    days.push({ day: row.day, outstanding: Number(row.outstanding) });
    series.set(row.rewardPoint, days);
  }
  return {
    from: query.from,
    to: query.to,
    step: query.step,
    timeZone: query.timeZone,
    series: [...series].map(([rewardPoint, days]) => ({ rewardPoint, days })),
  };
}
