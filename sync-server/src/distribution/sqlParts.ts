import { COLLECTIONS, type Collection } from '../../../shared/protocol/api/sync';
import { TIER_COUNTING_KINDS } from '../tiers/rules';
import { isoSql } from '../db/sqlParams';

/**
 * SQL that builds the wire form (shared/domain, shared/protocol/sync.ts) of what a store receives,
 * inside PostgreSQL, so a million cards never pass through JavaScript one by one.
 */

/** A scheme row (alias `s`) as a wire Scheme. */
export const schemeBodySql = (s: string) => `jsonb_build_object(
  'id', ${s}.id, 'version', ${s}.version, 'program', ${s}.program_id,
  'validFrom', ${isoSql(`${s}.valid_from`)}, 'validTo', ${isoSql(`${s}.valid_to`)},
  'stores', ${s}.stores, 'earning', ${s}.earning, 'redemption', ${s}.redemption,
  'excludedAffiliations', ${s}.excluded_affiliations
) || case when ${s}.name is null then '{}'::jsonb else jsonb_build_object('name', ${s}.name) end
  || coalesce(${s}.promotion, '{}'::jsonb)`;

/** The feed's collections, in the order a version lists its changes (the API contract's). */
export { COLLECTIONS, type Collection };

/** The collections a store receives whole at every distribution (everything but its cards). */
export const CONFIG_COLLECTIONS = COLLECTIONS.filter(
  (c): c is Exclude<Collection, 'card'> => c !== 'card',
);

/**
 * One select per collection giving (entity, entity_id, body) of everything the store should hold,
 * cards aside (see cardBodiesSql).
 * Parameters: $1 store id, $2 program id, $3 currency, $4 the currency's minor-unit digits.
 */
export const CURRENT_STATE_SQL: Record<Exclude<Collection, 'card'>, string> = {
  store: `select 'store', st.id, jsonb_build_object('id', st.id, 'name', st.name,
      'currency', st.currency, 'timeZone', st.time_zone, 'program', st.program_id,
      'profile', st.profile, 'country', st.country, 'address', st.address, 'quickKeys', coalesce((
        select jsonb_agg(q.product_id order by q.position) from store_quick_keys q
        where q.store_id = st.id and exists (select 1 from product_prices pp
          where pp.product_id = q.product_id and pp.currency = $3)), '[]'::jsonb))
    from stores st where st.id = $1`,
  rewardPoint: `select 'rewardPoint', r.id, jsonb_build_object('id', r.id, 'name', r.name,
      'type', r.type, 'redeemable', r.redeemable, 'redeemRanking', r.redeem_ranking,
      'redemptionThreshold', r.redemption_threshold, 'maxPerCard', r.max_per_card,
      'expiry', r.expiry, 'expiryCalculation', r.expiry_calculation, 'vesting', r.vesting)
      || case when r.currency is null then '{}'::jsonb else jsonb_build_object('currency', r.currency) end
    from reward_points r`,
  program: `select 'program', p.id, jsonb_build_object('id', p.id, 'name', p.name, 'tiers',
      (select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'level', t.level,
         'stay', t.stay, 'discount', t.discount, 'rules', t.rules) order by t.level)
       from tiers t where t.program_id = p.id))
    from programs p where p.id = $2 and exists (select 1 from tiers t where t.program_id = p.id)`,
  affiliation: `select 'affiliation', a.id, jsonb_build_object('id', a.id, 'name', a.name,
      'hiddenInStores', a.hidden_in_stores)
    from affiliations a`,
  scheme: `select 'scheme', s.id, ${schemeBodySql('s')}
    from store_schemes ss join schemes s on s.id = ss.scheme_id and s.version = ss.scheme_version
    where ss.store_id = $1`,
  reward: `select 'reward', r.id, r.body || jsonb_build_object('version', r.version)
    from rewards r join reward_points rp on rp.id = r.reward_point_id
    where r.active and rp.redeemable`,
  product: `select 'product', p.id, jsonb_build_object('id', p.id, 'name', p.name,
      'barcode', p.barcode, 'category', p.category,
      'price', round(pp.price_minor::numeric / (10::numeric ^ $4::int), $4::int)::text,
      'vatRate', coalesce(vr.rate, 0))
    from products p join product_prices pp on pp.product_id = p.id and pp.currency = $3
    left join stores vs on vs.id = $1
    left join vat_rates vr on vr.country = vs.country and vr.category = p.category`,
  staff: `select 'staff', s.id, jsonb_build_object('id', s.id, 'name', s.name, 'role', s.role,
      'pinHash', s.pin_hash)
    from staff s
    where s.active and s.role <> 'headOffice' and s.stores @> jsonb_build_array($1::text)`,
};

/**
 * The wire Card of each card listed in `keys` (a relation with a `number` column) whose program is
 * `programs` (an SQL expression such as any($3::text[])): rows (number, program_id, body), after
 * `keyColumns` of `keys` if given. A card's body depends on nothing of the store, so stores of a
 * program can share it.
 */
export const cardBodiesSql = (keys: string, programs: string, keyColumns: readonly string[] = []) =>
  `select ${keyColumns.map((column) => `k.${column}, `).join('')}c.number, c.program_id,
    jsonb_build_object(
      'number', c.number,
      'customer', case when cu.id is null then null else jsonb_build_object('id', cu.id,
        'name', coalesce(cu.name, ''), 'affiliations', cu.affiliations,
        'blockedForEnrolment', cu.enrolment_blocked) end,
      'tier', c.tier_id, 'tierValidUntil', ${isoSql('c.tier_valid_until')}, 'status', c.status,
      'lots', coalesce(l.lots, '[]'::jsonb), 'debt', coalesce(d.debt, '{}'::jsonb))
      || case when tp.tier_points is null then '{}'::jsonb
         else jsonb_build_object('tierPoints', tp.tier_points) end as body
    from ${keys} k
    join cards c on c.number = k.number and c.program_id = ${programs}
    left join customers cu on cu.id = c.customer_id
    left join (
      select lo.card_number, jsonb_agg(jsonb_build_object('id', lo.entry_id,
          'rewardPoint', lo.reward_point_id, 'remaining', lo.remaining,
          'earnedAt', ${isoSql('lo.earned_at')}, 'vestsAt', ${isoSql('lo.vests_at')},
          'expiresAt', ${isoSql('lo.expires_at')})
        order by lo.expires_at nulls last, lo.earned_at, lo.entry_id) as lots
      from lots lo join ${keys} k2 on k2.number = lo.card_number
      where lo.remaining > 0 group by lo.card_number
    ) l on l.card_number = c.number
    left join (
      select b.card_number, jsonb_object_agg(b.reward_point_id, -b.posted) as debt
      from card_balances b join ${keys} k3 on k3.number = b.card_number
      where b.posted < 0 group by b.card_number
    ) d on d.card_number = c.number
    left join (${tierPointsSql(keys)}) tp on tp.card_number = c.number`;

/** The longest window of the tier rules of each program, per reward point: (program_id, reward_point_id, span). */
const TIER_WINDOWS_SQL = `select t.program_id, r->>'rewardPoint' as reward_point_id,
    max((r->'window'->>'value')::int * case r->'window'->>'unit'
      when 'day' then interval '1 day' when 'month' then interval '1 month'
      else interval '1 year' end) as span
  from tiers t cross join jsonb_array_elements(t.rules) r group by 1, 2`;

const COUNTING_SQL = TIER_COUNTING_KINDS.map((kind) => `'${kind}'`).join(', ');

/**
 * Per card of \`keys\`: the posted points that count towards tiers (spent or not, as the tier job
 * counts them), earned within the longest tier window of the card's program for that reward point
 * (a day's margin: the register filters by the window itself), summed per reward point and UTC day
 * and dated by the day's first entry, so they never count later than they were earned.
 */
const tierPointsSql = (keys: string) => `
      select tp.card_number, jsonb_agg(jsonb_build_object('rewardPoint', tp.reward_point_id,
          'points', tp.points, 'earnedAt', ${isoSql('tp.earned_at')})
        order by tp.reward_point_id, tp.earned_at) as tier_points
      from (
        select e.card_number, e.reward_point_id, sum(e.points)::int as points,
          min(e.earned_at) as earned_at
        from ledger_entries e
        join ${keys} k4 on k4.number = e.card_number
        join cards c4 on c4.number = e.card_number
        join (${TIER_WINDOWS_SQL}) w
          on w.program_id = c4.program_id and w.reward_point_id = e.reward_point_id
        where e.status = 'posted' and e.kind in (${COUNTING_SQL})
          and e.earned_at > now() - w.span - interval '1 day'
        group by e.card_number, e.reward_point_id, (e.earned_at at time zone 'UTC')::date
        having sum(e.points) <> 0
      ) tp group by tp.card_number`;
