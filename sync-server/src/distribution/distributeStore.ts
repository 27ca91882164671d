import { minorUnitExponent } from '../../../shared/units/money';
import type { Session } from '../db/database';
import { itemsToSetAside, setAsideKeys, type ItemSetAside } from './itemsSetAside';
import { COLLECTIONS, CONFIG_COLLECTIONS, CURRENT_STATE_SQL } from './sqlParts';
import {
  addStagedCards,
  CARD_LOOKBACK,
  restageCardsWrittenNow,
  STAGED_CARDS,
  STAGED_KEYS,
  type StagedCards,
} from './stagedCards';

export interface StoreToDistribute {
  readonly id: string;
  readonly programId: string;
  readonly currency: string;
}

export interface StoreDistribution {
  /** The version written, or null when nothing changed. */
  readonly version: number | null;
  readonly changes: number;
  readonly cards: number;
  /** Changed items that do not satisfy their schema, left out of the version. */
  readonly setAside: readonly ItemSetAside[];
}

const RANK = `array_position(array[${COLLECTIONS.map((c) => `'${c}'`).join(', ')}]::text[], entity)`;
const CONFIG = `array[${CONFIG_COLLECTIONS.map((c) => `'${c}'`).join(', ')}]::text[]`;

/**
 * Parameters: $1 store id, $2 program id, $3 currency, $4 its minor-unit digits, $5 the store's
 * watermark less the lookback (null the first time), $6 job run id, $7 the staging time, $8 the
 * items set aside ("entity:id"): neither sent nor deleted, so the store keeps its last good copy.
 * The store's cards are the staged ones of its program changed since $5 (all of them the first
 * time); the staged cards of other programs changed since $5 that the store holds are deleted.
 * One statement: the version, its changes, the store's state and its watermark. out.state_row is
 * the store's state row of the item (null: not held), so it is updated or deleted without being
 * looked up again; the store's row lock keeps it where it was read.
 */
const DISTRIBUTE_SQL = `
with config as (
  select entity, entity_id, body, md5(body::text)::uuid as hash from (
    ${CONFIG_COLLECTIONS.map((c) => CURRENT_STATE_SQL[c]).join('\n    union all\n    ')}
  ) current_config (entity, entity_id, body)
  where entity || ':' || entity_id <> all($8::text[])
),
cur as (
  select entity, entity_id, body, hash from config
  union all
  select 'card', k.number, k.body, k.hash from ${STAGED_CARDS} k
  where k.program_id = $2 and ($5::timestamptz is null or k.changed_at >= $5::timestamptz)
),
out as (
  select cur.entity, cur.entity_id, 'upsert'::text as op, cur.body, cur.hash,
    st.ctid as state_row
  from cur left join distribution_state st
    on st.store_id = $1 and st.entity = cur.entity and st.entity_id = cur.entity_id
  where st.hash is distinct from cur.hash
  union all
  select st.entity, st.entity_id, 'delete', null::jsonb, null::uuid, st.ctid
  from distribution_state st
  where st.store_id = $1 and st.entity = any(${CONFIG})
    and st.entity || ':' || st.entity_id <> all($8::text[])
    and not exists (select 1 from config c where c.entity = st.entity and c.entity_id = st.entity_id)
  union all
  select st.entity, st.entity_id, 'delete', null::jsonb, null::uuid, st.ctid
  from distribution_state st
  where st.store_id = $1 and st.entity = 'card' and $5::timestamptz is not null
    and exists (select 1 from ${STAGED_KEYS} k where k.number = st.entity_id
                and k.changed_at >= $5::timestamptz and k.program_id is distinct from $2)
),
next as (
  select coalesce(max(version), 0) + 1 as version from distribution_versions where store_id = $1
),
written as (
  insert into distribution_changes (store_id, version, entity, entity_id, op, body)
  select $1, (select version from next), entity, entity_id, op, body from out
  order by ${RANK}, entity_id
  returning seq, entity, entity_id, op
),
updated as (
  update distribution_state st set hash = o.hash, seq = w.seq
  from written w join out o on o.entity = w.entity and o.entity_id = w.entity_id
  where st.ctid = o.state_row and w.op = 'upsert'
),
inserted as (
  insert into distribution_state (store_id, entity, entity_id, hash, seq)
  select $1, w.entity, w.entity_id, o.hash, w.seq
  from written w join out o on o.entity = w.entity and o.entity_id = w.entity_id
  where w.op = 'upsert' and o.state_row is null
),
deleted as (
  delete from distribution_state st using out o where st.ctid = o.state_row and o.op = 'delete'
),
versioned as (
  insert into distribution_versions (store_id, version, last_seq, change_count, job_run_id)
  select $1, (select version from next), max(seq), count(*), $6 from written having count(*) > 0
  returning version
),
marked as (
  insert into distribution_watermarks (store_id, cards_since) values ($1, $7::timestamptz)
  on conflict (store_id) do update set cards_since = excluded.cards_since
)
select (select version from versioned) as version,
  (select count(*) from out)::int as changes,
  (select count(*) from out where entity = 'card')::int as cards`;

/**
 * Writes the store's next distribution version: every item whose content differs from what the
 * store last received (by hash), and deletes for items it holds that no longer apply. Cards come
 * from the run's staged cards (stageCards), built once for all stores of a program. Run it in one
 * transaction: the version, its changes, the store's new state and its watermark commit together,
 * so a crash leaves either the whole version or none of it.
 */
export async function distributeStore(
  tx: Session,
  store: StoreToDistribute,
  staged: StagedCards,
  jobRunId: number | null,
): Promise<StoreDistribution> {
  // One distribution of a store at a time, even outside the job runner. Not FOR UPDATE: that
  // would also hold up every push to the store (a fact's store key takes FOR KEY SHARE).
  await tx.query('select id from stores where id = $1 for no key update', [store.id]);
  // Room for the sorts and hashes over a store's cards.
  await tx.query(`set local work_mem = '64MB'`);
  const watermark = await tx.query<{ since: string | null; covered: boolean | null }>(
    `select (cards_since - interval '${CARD_LOOKBACK}')::text as since,
       cards_since - interval '${CARD_LOOKBACK}' >= $2::timestamptz as covered
     from distribution_watermarks where store_id = $1`,
    [store.id, staged.since],
  );
  const since = watermark.rows[0]?.since ?? null;
  const covered =
    since === null
      ? staged.fullPrograms.includes(store.programId)
      : watermark.rows[0]?.covered === true;
  // Only a watermark moved back or removed since the staging read it leaves cards unstaged.
  if (!covered) {
    await addStagedCards(tx, {
      since,
      fullPrograms: since === null ? [store.programId] : [],
      programs: [...new Set([...staged.programs, store.programId])],
    });
  }
  await restageCardsWrittenNow(tx, store.id, staged);
  const storeParams = [
    store.id,
    store.programId,
    store.currency,
    minorUnitExponent(store.currency),
  ];
  const setAside = await itemsToSetAside(tx, storeParams);
  const result = await tx.query<{ version: number | null; changes: number; cards: number }>(
    DISTRIBUTE_SQL,
    [...storeParams, since, jobRunId, staged.stagedAt, setAsideKeys(setAside)],
  );
  const row = result.rows[0];
  return {
    version: row?.version ?? null,
    changes: row?.changes ?? 0,
    cards: row?.cards ?? 0,
    setAside,
  };
}
