import type { Session } from '../db/database';

/**
 * Writes notices to `notifications_outbox` from one SELECT of (kind, customer_id, card_number,
 * dedupe_key, payload), skipping those whose dedupe key is already there, and gives each new
 * notice its webhook delivery row in the same statement: the webhook run then reads only what is
 * due, never the whole outbox. `before` adds common table expressions the SELECT reads (written
 * as `name as (...)`). Returns how many notices were written.
 */
export async function insertNotices(
  session: Session,
  select: string,
  params: readonly unknown[],
  before: readonly string[] = [],
): Promise<number> {
  const { rows } = await session.query<{ written: number }>(
    `with ${[...before, ''].join(', ')}
     written as (
       insert into notifications_outbox (kind, customer_id, card_number, dedupe_key, payload)
       ${select}
       on conflict (dedupe_key) do nothing
       returning id),
     queued as (insert into webhook_deliveries (notification_id) select id from written)
     select count(*)::int as written from written`,
    params,
  );
  return Number(rows[0]?.written ?? 0);
}
