import type { Database, Session } from '../db/database';
import { readMark, writeMark } from '../expiry/marks';
import { insertNotices } from './outboxInsert';

/**
 * Balance updates (written after each run of the post job) and expiry warnings (written by the
 * nightly expire job) in `notifications_outbox` (PRODUCT 4.7). Each is
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
 * carrying the card's current balances: several postings to a card between two runs make one
 * notice. Returns how many notices were written.
 */
export async function writeBalanceUpdates(database: Database, now: Date): Promise<number> {
  return database.transaction(async (tx) => {
    const until = await databaseMicros(tx);
    const since = ((await readMark(tx, BALANCE_WATERMARK)) ?? 0) - OVERLAP_MICROS;
    const micros = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint`;
    // Exact (interval arithmetic is in whole microseconds), and a range card_balances_updated_idx
    // answers: this runs after every post job run.
    const instant = (param: string) =>
      `(to_timestamp(0) + ${param}::bigint * interval '1 microsecond')`;
    const written = await insertNotices(
      tx,
      `select 'balanceUpdate', cu.id, c.number,
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
           where updated_at > ${instant('$1')} and updated_at <= ${instant('$2')})
       group by c.number, cu.id, cu.name, cu.email, cu.language`,
      [since, until, now.toISOString()],
    );
    await writeMark(tx, BALANCE_WATERMARK, until);
    return written;
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
  return insertNotices(
    session,
    `select 'expiryWarning', cu.id, c.number,
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
     group by c.number, cu.id, cu.name, cu.email, cu.language, l.reward_point_id, ${day}`,
    [now.toISOString(), days],
  );
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
