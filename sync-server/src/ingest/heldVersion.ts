import type { Session } from '../db/database';

/**
 * How long a register may take to apply a version the feed sent it in full: after this, the
 * version is taken as held whatever the register reports.
 */
export const FEED_APPLY_GRACE_MS = 5 * 60_000;

/** A version the feed sent a register in full, and when (server time, ms). */
export interface FedInFull {
  readonly version: number;
  readonly at: number;
}

/**
 * What the server knows of the catalogue a register holds (kept in register_health.details): the
 * lowest version it can still hold, and the versions sent to it in full too recently to count yet.
 */
export interface HeldVersion {
  readonly held: number | null;
  readonly fed: readonly FedInFull[];
}

const higher = (a: number | null, b: number | null | undefined): number | null =>
  b === null || b === undefined ? a : a === null ? b : Math.max(a, b);

/** Folds the versions sent in full long enough ago into the held one. */
function aged(state: HeldVersion, now: number): HeldVersion {
  let held = state.held;
  const fed: FedInFull[] = [];
  for (const sent of state.fed) {
    if (sent.at <= now - FEED_APPLY_GRACE_MS) held = higher(held, sent.version);
    else fed.push(sent);
  }
  return { held, fed: fed.filter((sent) => held === null || sent.version > held) };
}

/**
 * After the register reports holding `reported`: a register only moves forward, so a version
 * below one it reported before, or below one sent to it in full more than FEED_APPLY_GRACE_MS
 * ago, is not believed (a tampered register claiming an old catalogue to have its old prices
 * accepted, posting/catalogue.ts).
 */
export function afterReport(
  state: HeldVersion,
  reported: number | null | undefined,
  now: number,
): HeldVersion {
  const next = aged(state, now);
  return aged({ held: higher(next.held, reported), fed: next.fed }, now);
}

/** After the feed sent the register `version` in full, at `now`. */
export function afterFedInFull(state: HeldVersion, version: number, now: number): HeldVersion {
  const next = aged(state, now);
  if (next.held !== null && version <= next.held) return next;
  if (next.fed.some((sent) => sent.version >= version)) return next;
  return { held: next.held, fed: [...next.fed, { version, at: now }] };
}

/** register_health's columns the held version is read from. */
export interface HeldVersionRow {
  distribution_version: number | null;
  held: { held?: unknown; fed?: unknown } | null;
}

/** The held version a register_health row records (an older row: the version it last reported). */
export function heldVersionOf(row: HeldVersionRow): HeldVersion {
  const recorded = row.held ?? {};
  const held = typeof recorded.held === 'number' ? recorded.held : null;
  const fed = Array.isArray(recorded.fed)
    ? (recorded.fed as FedInFull[]).map((sent) => ({
        version: Number(sent.version),
        at: Number(sent.at),
      }))
    : [];
  const reported = row.distribution_version === null ? null : Number(row.distribution_version);
  return { held: higher(held, reported), fed };
}

/** The register's held version as recorded, or null when it has no health row. */
export async function recordedHeldVersion(
  session: Session,
  registerId: string,
): Promise<HeldVersion | null> {
  const result = await session.query<HeldVersionRow>(
    `select distribution_version, details -> 'heldVersion' as held
       from register_health where register_id = $1`,
    [registerId],
  );
  const row = result.rows[0];
  return row === undefined ? null : heldVersionOf(row);
}

/**
 * Records that the feed sent the register its store's `version` in full (a contact, so a register
 * with no health row yet gets one). Written only when it tells the server something new, so a
 * register polling an unchanged feed writes nothing.
 */
export async function recordFedInFull(
  session: Session,
  registerId: string,
  version: number,
  now: number,
): Promise<void> {
  if (version <= 0) return;
  const state = (await recordedHeldVersion(session, registerId)) ?? { held: null, fed: [] };
  const next = afterFedInFull(state, version, now);
  if (JSON.stringify(next) === JSON.stringify(state)) return;
  await session.query(
    `insert into register_health (register_id, last_contact_at, details)
     values ($1, $3::timestamptz, jsonb_build_object('heldVersion', $2::jsonb))
     on conflict (register_id) do update
       set details = register_health.details || jsonb_build_object('heldVersion', $2::jsonb)`,
    [registerId, JSON.stringify(next), new Date(now).toISOString()],
  );
}
