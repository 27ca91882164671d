import type { Session } from '../db/database';

export interface HealthReport {
  readonly registerId: string;
  readonly at: Date;
  readonly clockOffsetMs: number;
  readonly outboxDepth?: number;
  readonly distributionVersion?: number;
}

/**
 * Records what a register reported with its push, for head office's sync-health view, in one
 * statement (a push runs it inside its own transaction). A value the register did not report
 * keeps the one recorded before.
 */
export async function recordRegisterHealth(session: Session, report: HealthReport): Promise<void> {
  await session.query(
    `with health as (
       insert into register_health (register_id, last_contact_at, clock_offset_ms, outbox_depth,
         distribution_version)
       values ($1, $2::timestamptz, $3::bigint, $4::integer, $5::integer)
       on conflict (register_id) do update set
         last_contact_at = excluded.last_contact_at,
         clock_offset_ms = excluded.clock_offset_ms,
         outbox_depth = coalesce(excluded.outbox_depth, register_health.outbox_depth),
         distribution_version = coalesce(excluded.distribution_version,
           register_health.distribution_version)
     )
     update registers set last_seen_at = $6::timestamptz where id = $7`,
    [
      report.registerId,
      report.at.toISOString(),
      report.clockOffsetMs,
      report.outboxDepth ?? null,
      report.distributionVersion ?? null,
      report.at.toISOString(),
      report.registerId,
    ],
  );
}
