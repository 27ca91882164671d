import type { Database, Session } from '../db/database';
import { DEFAULT_EXPIRY_WARNING_DAYS } from './notices';
import { insertNotices } from './outboxInsert';

/** The customer's part of every tier notice's payload (card `c`, customer `cu`). */
const RECIPIENT = `'card', c.number, 'customer', cu.id, 'name', cu.name, 'email', cu.email,
  'language', cu.language`;

/**
 * A notice for each tier change (`card_tier_changes`) not noticed yet, to customers who take
 * balance updates, with the tiers' names. The changes are marked in the same statement, so each
 * run reads only the changes made since (a partial index holds them), and a change committed
 * after a run began is simply there for the next one. Returns how many notices were written.
 */
export async function writeTierNotices(database: Database, now: Date): Promise<number> {
  return database.transaction((tx) =>
    insertNotices(
      tx,
      `select 'tierChanged', cu.id, c.number, 'tierChanged:' || h.id,
              jsonb_build_object(${RECIPIENT}, 'tier', h.tier_id,
                'tierName', nt.name, 'previous', h.previous_tier_id, 'previousName', pt.name,
                'validUntil', h.valid_until, 'changedAt', h.changed_at, 'at', $2::text)
       from due h
       join cards c on c.number = h.card_number
       join customers cu on cu.id = c.customer_id
       left join tiers nt on nt.id = h.tier_id
       left join tiers pt on pt.id = h.previous_tier_id
       where cu.notify_balance_updates`,
      [now.toISOString(), now.toISOString()],
      [
        `due as (
           update card_tier_changes set notice_written_at = $1::timestamptz
           where notice_written_at is null
           returning id, card_number, tier_id, previous_tier_id, valid_until, changed_at)`,
      ],
    ),
  );
}

/**
 * Tier-expiry warnings (PRODUCT 4.5): for each subscribed customer's active card whose tier's stay
 * ends within the tier's warning period (its `expiry_warning_days`, else `days`), a notice that
 * the card keeps its tier until then. A card that requalifies has its stay extended by the tier
 * rules, so the cards found are those about to fall unless they earn; once per card, tier and end.
 */
export async function writeTierExpiryWarnings(
  session: Session,
  now: Date,
  days = DEFAULT_EXPIRY_WARNING_DAYS,
): Promise<number> {
  return insertNotices(
    session,
    `select 'tierExpiring', cu.id, c.number,
            'tierExpiring:' || c.number || ':' || t.id || ':' || ${microsOf('c.tier_valid_until')},
            jsonb_build_object(${RECIPIENT}, 'tier', t.id, 'tierName', t.name,
              'validUntil', c.tier_valid_until, 'at', $1::text)
     from cards c
     join tiers t on t.id = c.tier_id
     join customers cu on cu.id = c.customer_id
     where c.status = 'active' and cu.notify_expiry_warnings
       and c.tier_valid_until > $1::timestamptz
       and c.tier_valid_until <= $1::timestamptz
         + coalesce(t.expiry_warning_days, $2::int) * interval '1 day'`,
    [now.toISOString(), days],
  );
}

const microsOf = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint`;
