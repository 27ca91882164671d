import type { Database, Session } from '../db/database';
import { readMark, writeMark } from '../expiry/marks';

/**
 * The notices the nightly expire job writes to `notifications_outbox` (PRODUCT 4.7). Each is
 * written with a dedupe key, so a run repeated after a crash writes nothing twice; the statements
 * are set-based so they stay one pass over the tables at a million cards.
 */

const BALANCE_WATERMARK = 'notifications.balanceWatermark';
/**
 * A posting stamps card_balances.updated_at with its transaction's start but becomes visible at
 * commit, which can be after a run read up to that time; looking back this far catches it (the
 * dedupe key keeps the overlap from writing a notice twice).
 */
const OVERLAP_MICROS = 5 * 60 * 1_000_000;

export const DEFAULT_EXPIRY_WARNING_DAYS = 14;

/** The database's clock in microseconds: card_balances.updated_at is stamped by it. */
async function databaseMicros(session: Session): Promise<number> {
  const { rows } = await session.query<{ t: number }>(
    `select (extract(epoch from now()) * 1000000)::bigint as t`,
  );
  return Number(rows[0]?.t);
}

/**
 * Balances as they are now count as already told (used after seeding history): the mark is set
 * ahead by the overlap, so the next run's look-back starts now.
 */
export async function markBalancesNotified(session: Session): Promise<void> {
  await writeMark(session, BALANCE_WATERMARK, (await databaseMicros(session)) + OVERLAP_MICROS);
}

/**
 * One balance update per subscribed customer's card whose balance changed since the last run,
 * carrying the card's current balances. Returns how many notices were written.
 */
export async function writeBalanceUpdates(database: Database, now: Date): Promise<number> {
  return database.transaction(async (tx) => {
    const until = await databaseMicros(tx);
    const since = ((await readMark(tx, BALANCE_WATERMARK)) ?? 0) - OVERLAP_MICROS;
    const micros = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint`;
    const written = await tx.query(
      `insert into notifications_outbox (kind, customer_id, card_number, dedupe_key, payload)
       select 'balanceUpdate', cu.id, c.number,
              'balanceUpdate:' || c.number || ':' || ${micros('max(b.updated_at)')},
              jsonb_build_object('card', c.number, 'customer', cu.id, 'name', cu.name,
                'email', cu.email, 'language', cu.language,
                'balances', jsonb_object_agg(b.reward_point_id, b.posted), 'at', $3::text)
       from card_balances b
       join cards c on c.number = b.card_number
       join customers cu on cu.id = c.customer_id
       where cu.notify_balance_updates
         and b.card_number in (
           select card_number from card_balances
           where ${micros('updated_at')} > $1::bigint and ${micros('updated_at')} <= $2::bigint)
       group by c.number, cu.id, cu.name, cu.email, cu.language
       on conflict (dedupe_key) do nothing`,
      [since, until, now.toISOString()],
    );
    await writeMark(tx, BALANCE_WATERMARK, until);
    return written.rowCount;
  });
}

/**
 * Expiry warnings: for each subscribed customer's active card, the points of each reward point
 * that expire on one day within the reward point's warning period (its `expiry_warning_days`, else
 * `days`), once per card, reward point and day.
 */
export async function writeExpiryWarnings(
  session: Session,
  now: Date,
  days = DEFAULT_EXPIRY_WARNING_DAYS,
): Promise<number> {
  const day = `to_char(l.expires_at at time zone 'UTC', 'YYYY-MM-DD')`;
  const written = await session.query(
    `insert into notifications_outbox (kind, customer_id, card_number, dedupe_key, payload)
     select 'expiryWarning', cu.id, c.number,
            'expiryWarning:' || c.number || ':' || l.reward_point_id || ':' || ${day},
            jsonb_build_object('card', c.number, 'customer', cu.id, 'name', cu.name,
              'email', cu.email, 'language', cu.language, 'rewardPoint', l.reward_point_id,
              'points', sum(l.remaining), 'expiresOn', ${day}, 'expiresAt', min(l.expires_at),
              'at', $1::text)
     from lots l
     join reward_points rp on rp.id = l.reward_point_id
     join cards c on c.number = l.card_number
     join customers cu on cu.id = c.customer_id
     where l.remaining > 0 and l.expires_at > $1::timestamptz
       and l.expires_at <= $1::timestamptz
         + coalesce(rp.expiry_warning_days, $2::int) * interval '1 day'
       and cu.notify_expiry_warnings and c.status = 'active'
     group by c.number, cu.id, cu.name, cu.email, cu.language, l.reward_point_id, ${day}
     on conflict (dedupe_key) do nothing`,
    [now.toISOString(), days],
  );
  return written.rowCount;
}

const TIER_WATERMARK = 'notifications.tierChangeWatermark';
/**
 * Tier changes are numbered as they are inserted but become visible at commit, which can be after
 * a run read past them (the post job and the tier job run side by side): each run looks back this
 * many numbers, and the dedupe key keeps the overlap from writing a notice twice.
 */
const TIER_LOOK_BACK = 1_000;

/**
 * A notice for each tier change (`card_tier_changes`) since the last run, to customers who take
 * balance updates, with the tiers' names. Once per change. Returns how many were written.
 */
export async function writeTierNotices(database: Database, now: Date): Promise<number> {
  return database.transaction(async (tx) => {
    const since = Math.max(0, ((await readMark(tx, TIER_WATERMARK)) ?? 0) - TIER_LOOK_BACK);
    const { rows } = await tx.query<{ last: number | null }>(
      `select max(id)::bigint as last from card_tier_changes where id > $1::bigint`,
      [since],
    );
    const last =
      rows[0]?.last === null || rows[0]?.last === undefined ? null : Number(rows[0].last);
    if (last === null) return 0;
    const written = await tx.query(
      `insert into notifications_outbox (kind, customer_id, card_number, dedupe_key, payload)
       select 'tierChanged', cu.id, c.number, 'tierChanged:' || h.id,
              jsonb_build_object('card', c.number, 'customer', cu.id, 'name', cu.name,
                'email', cu.email, 'language', cu.language, 'tier', h.tier_id,
                'tierName', nt.name, 'previous', h.previous_tier_id, 'previousName', pt.name,
                'validUntil', h.valid_until, 'changedAt', h.changed_at, 'at', $3::text)
       from card_tier_changes h
       join cards c on c.number = h.card_number
       join customers cu on cu.id = c.customer_id
       left join tiers nt on nt.id = h.tier_id
       left join tiers pt on pt.id = h.previous_tier_id
       where h.id > $1::bigint and h.id <= $2::bigint and cu.notify_balance_updates
       on conflict (dedupe_key) do nothing`,
      [since, last, now.toISOString()],
    );
    await writeMark(tx, TIER_WATERMARK, last);
    return written.rowCount;
  });
}

/** EXPIRY_WARNING_DAYS from the environment, or the default. */
export function expiryWarningDays(env: NodeJS.ProcessEnv = process.env): number {
  const text = env['EXPIRY_WARNING_DAYS'];
  if (text === undefined || text === '') return DEFAULT_EXPIRY_WARNING_DAYS;
  const days = Number(text);
  if (!Number.isSafeInteger(days) || days < 0)
    throw new Error(`EXPIRY_WARNING_DAYS must be a whole number of days, got "${text}"`);
  return days;
}
