import type { z } from 'zod';
import type { Session } from '../db/database';
import { isoSql } from '../db/sqlParams';
import type { RegisterHealth, SyncHealth } from '../../../shared/protocol/api/reportWire';

/**
 * Every register's sync health for head office (PRODUCT 1, 5). One statement: registers with what
 * they last reported, their store's newest distribution version (the primary key of
 * distribution_versions gives each store's maximum) and their unsettled facts, counted from the
 * partial index facts_unsettled_register_idx (pending and rejected facts only).
 */
export async function syncHealth(session: Session, at: Date): Promise<z.infer<typeof SyncHealth>> {
  const result = await session.query<RegisterHealth>(
    `with latest as (
       select store_id, max(version) as version from distribution_versions group by store_id),
     unsettled as (
       select f.register_id,
              count(*) filter (where f.status = 'pending')::int as pending,
              count(*) filter (where f.status = 'rejected' and not exists (
                select 1 from review_actions v where v.fact_id = f.id and v.outcome = 'voided'))::int
                as rejected
         from facts f where f.status in ('pending', 'rejected')
        group by f.register_id)
     select r.store_id as store, s.name as "storeName", r.id as register, r.name,
            r.enrolment_state as "enrolmentState",
            ${isoSql('greatest(h.last_contact_at, r.last_seen_at)')} as "lastContactAt",
            h.outbox_depth as "outboxDepth", h.distribution_version as "distributionVersion",
            l.version as "latestVersion",
            case when h.distribution_version is null or l.version is null then null
                 else greatest(l.version - h.distribution_version, 0) end as "versionLag",
            h.clock_offset_ms as "clockOffsetMs",
            coalesce(u.pending, 0) as "pendingFacts", coalesce(u.rejected, 0) as "rejectedFacts"
       from registers r
       join stores s on s.id = r.store_id
       left join register_health h on h.register_id = r.id
       left join latest l on l.store_id = r.store_id
       left join unsettled u on u.register_id = r.id
      order by r.store_id, r.id`,
  );
  return {
    at: at.toISOString(),
    registers: result.rows.map((row) => ({
      ...row,
      clockOffsetMs: row.clockOffsetMs === null ? null : Number(row.clockOffsetMs),
    })),
  };
}
