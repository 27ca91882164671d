import type { Session } from '../db/database';
import type { ExpiringReport } from '../../../shared/protocol/api/reportWire';

export const EXPIRY_HORIZONS = [30, 60, 90] as const;

/**
 * Available points (vested, not yet expired) that expire in the next 30, 60 and 90 days, per
 * reward point, from the lots. The range condition matches the partial index lots_expiring_idx
 * (remaining > 0, expiry set), so only lots expiring within 90 days are read.
 */
export async function expiringReport(session: Session, at: Date): Promise<ExpiringReport> {
  const result = await session.query<{
    rewardPoint: string;
    within30: number;
    within60: number;
    within90: number;
  }>(
    `with soon as (
       select reward_point_id, remaining, expires_at from lots
        where remaining > 0 and expires_at is not null
          and expires_at > $1::timestamptz and expires_at <= $1::timestamptz + interval '90 days'
          and (vests_at is null or vests_at <= $1::timestamptz))
     select rp.id as "rewardPoint",
            coalesce(sum(s.remaining) filter (
              where s.expires_at <= $1::timestamptz + interval '30 days'), 0)::bigint as within30,
            coalesce(sum(s.remaining) filter (
              where s.expires_at <= $1::timestamptz + interval '60 days'), 0)::bigint as within60,
            coalesce(sum(s.remaining), 0)::bigint as within90
       from reward_points rp left join soon s on s.reward_point_id = rp.id
      group by rp.id order by rp.id`,
    [at.toISOString()],
  );
  return {
    at: at.toISOString(),
    rows: result.rows.map((row) => ({
      rewardPoint: row.rewardPoint,
      within30: Number(row.within30),
      within60: Number(row.within60),
      within90: Number(row.within90),
    })),
  };
}
