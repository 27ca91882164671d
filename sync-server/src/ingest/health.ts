import type { QuietContact } from './skew';
import type { Session } from '../db/database';
import {
  afterReport,
  heldVersionOf,
  recordedHeldVersion,
  type HeldVersion,
  type HeldVersionRow,
} from './heldVersion';

export interface HealthReport {
  readonly registerId: string;
  readonly at: Date;
  readonly clockOffsetMs: number;
  readonly outboxDepth?: number;
  readonly distributionVersion?: number;
}

/**
 * What the server recorded of a register's contacts, read once before a push: its last quiet
 * contact (skew.ts), the catalogue version it holds (heldVersion.ts), and the row as read, so the
 * push's health can be written without reading it again (recordRegisterHealth).
 */
export interface RecordedContact {
  readonly quiet: QuietContact | null;
  readonly held: HeldVersion | null;
  /** The held version's columns as read; null when the register had no health row. */
  readonly row: HeldVersionRow | null;
}

interface ContactRow extends HeldVersionRow {
  quiet: QuietContact | null;
}

function quietContactOf(quiet: QuietContact | null): QuietContact | null {
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

/** The register's recorded contacts, in one read of its health row. */
export async function recordedContact(
  session: Session,
  registerId: string,
): Promise<RecordedContact> {
  const result = await session.query<ContactRow>(
    `select details -> 'quietContact' as quiet, distribution_version,
            details -> 'heldVersion' as held
       from register_health where register_id = $1`,
    [registerId],
  );
  const row = result.rows[0];
  if (row === undefined) return { quiet: null, held: null, row: null };
  return {
    quiet: quietContactOf(row.quiet),
    held: heldVersionOf(row),
    row: { distribution_version: row.distribution_version, held: row.held },
  };
}

/** The register's last quiet contact, or null when it never had one. */
export async function lastQuietContact(
  session: Session,
  registerId: string,
): Promise<QuietContact | null> {
  return (await recordedContact(session, registerId)).quiet;
}

/**
 * With an empty outbox the register had pushed every fact it made: the latest one's sequence number
 * and this contact tell later pushes which facts were made after it (skew.ts, isBackdated), and
 * the distribution version it held then the oldest catalogue those facts can be priced at
 * (posting/catalogue.ts): never below one it reported before or one sent to it in full long
 * enough ago (heldVersion.ts).
 */
const QUIET_CONTACT_SQL = `case when $4::integer = 0 then jsonb_build_object('quietContact',
  jsonb_build_object('at', $6::bigint, 'offsetMs', $3::bigint,
    'seq', (select coalesce(max(device_seq), -1) from facts where register_id = $1),
    'version', ($7::jsonb ->> 'held')::integer))
  else '{}'::jsonb end || jsonb_build_object('heldVersion', $7::jsonb)`;

/**
 * The held version ($7) is computed from the row as read: $8 whether there was one, $9 and $10 its
 * columns ($8 null when it was read just before). An existing row is updated only while it still
 * holds them, so a version a feed page recorded as sent in full meanwhile (recordFedInFull) is
 * never overwritten. Answers whether it wrote.
 */
const RECORD_HEALTH = `
  with health as (
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
    where $8::boolean is null or ($8::boolean
      and register_health.distribution_version is not distinct from $9::integer
      and register_health.details -> 'heldVersion' is not distinct from $10::jsonb)
    returning 1
  ),
  seen as (update registers set last_seen_at = $2::timestamptz where id = $1)
  select count(*)::integer as written from health`;

/**
 * Records what a register reported with its push, for head office's sync-health view (a push runs
 * it inside its own transaction). A value the register did not report keeps the one recorded
 * before. With `recorded` (read before the push) it writes without reading the row again, unless
 * the row changed since; without it, it reads the held version first.
 */
export async function recordRegisterHealth(
  session: Session,
  report: HealthReport,
  recorded?: RecordedContact,
): Promise<void> {
  const before =
    recorded === undefined ? await recordedHeldVersion(session, report.registerId) : recorded.held;
  const held = afterReport(
    before ?? { held: null, fed: [] },
    report.distributionVersion,
    report.at.getTime(),
  );
  const row = recorded?.row;
  const result = await session.query<{ written: number }>(RECORD_HEALTH, [
    report.registerId,
    report.at.toISOString(),
    report.clockOffsetMs,
    report.outboxDepth ?? null,
    report.distributionVersion ?? null,
    report.at.getTime(),
    JSON.stringify(held),
    recorded === undefined ? null : row !== null,
    row?.distribution_version ?? null,
    row?.held === null || row?.held === undefined ? null : JSON.stringify(row.held),
  ]);
  if (recorded !== undefined && result.rows[0]?.written !== 1)
    await recordRegisterHealth(session, report);
}
