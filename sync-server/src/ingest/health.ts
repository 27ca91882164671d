import type { QuietContact } from './skew';
import type { Session } from '../db/database';
import { afterReport, recordedHeldVersion } from './heldVersion';

export interface HealthReport {
  readonly registerId: string;
  readonly at: Date;
  readonly clockOffsetMs: number;
  readonly outboxDepth?: number;
  readonly distributionVersion?: number;
}

/**
 * With an empty outbox the register had pushed every fact it made: the latest one's sequence number
 * and this contact tell later pushes which facts were made after it (skew.ts, isBackdated), and
 * the distribution version it held then the oldest catalogue those facts can be priced at
 * (posting/catalogue.ts): never below one it reported before or one sent to it in full long
 * enough ago (heldVersion.ts).
 */
const QUIET_CONTACT_SQL = `case when $4::integer = 0 then jsonb_build_object('quietContact',
  jsonb_build_object('at', $8::bigint, 'offsetMs', $3::bigint,
    'seq', (select coalesce(max(device_seq), -1) from facts where register_id = $1),
    'version', ($9::jsonb ->> 'held')::integer))
  else '{}'::jsonb end || jsonb_build_object('heldVersion', $9::jsonb)`;

/**
 * Records what a register reported with its push, for head office's sync-health view (a push runs
 * it inside its own transaction). A value the register did not report keeps the one recorded
 * before.
 */
export async function recordRegisterHealth(session: Session, report: HealthReport): Promise<void> {
  const recorded = await recordedHeldVersion(session, report.registerId);
  const held = afterReport(
    recorded ?? { held: null, fed: [] },
    report.distributionVersion,
    report.at.getTime(),
  );
  await session.query(
    `with health as (
       insert into register_health (register_id, last_contact_at, clock_offset_ms, outbox_depth,
         distribution_version, details)
       values ($1, $2::timestamptz, $3::bigint, $4::integer, $5::integer, ${QUIET_CONTACT_SQL})
       on conflict (register_id) do update set
         last_contact_at = excluded.last_contact_at,
         clock_offset_ms = excluded.clock_offset_ms,
         outbox_depth = coalesce(excluded.outbox_depth, register_health.outbox_depth),
         distribution_version = coalesce(excluded.distribution_version,
           register_health.distribution_version),
         details = register_health.details || excluded.details
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
      report.at.getTime(),
      JSON.stringify(held),
    ],
  );
}

/** The register's last quiet contact, or null when it never had one. */
export async function lastQuietContact(
  session: Session,
  registerId: string,
): Promise<QuietContact | null> {
  const result = await session.query<{ quiet: QuietContact | null }>(
    `select details -> 'quietContact' as quiet from register_health where register_id = $1`,
    [registerId],
  );
  const quiet = result.rows[0]?.quiet ?? null;
  return quiet === null
    ? null
    : {
        at: Number(quiet.at),
        offsetMs: Number(quiet.offsetMs),
        seq: Number(quiet.seq),
        version:
          quiet.version === null || quiet.version === undefined ? null : Number(quiet.version),
      };
}
