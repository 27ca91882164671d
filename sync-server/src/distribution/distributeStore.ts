import { minorUnitExponent } from '../../../shared/units/money';
import type { Session } from '../db/database';
import { COLLECTIONS, CURRENT_STATE_SQL } from './sqlParts';

/**
 * How far before the last distribution cards are looked at again. A transaction that changes a
 * card stamps updated_at with its start time but becomes visible at commit; looking back this far
 * catches one that committed after the last distribution read. Re-read cards whose content did not
 * change are dropped by the hash comparison, so the overlap never repeats a change in the feed.
 */
export const CARD_LOOKBACK = '10 minutes';

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
}

const RANK = `array_position(array[${COLLECTIONS.map((c) => `'${c}'`).join(', ')}]::text[], entity)`;

/**
 * Writes the store's next distribution version: every item whose content differs from what the
 * store last received (by hash), and deletes for items it holds that no longer apply. Run it in one
 * transaction: the version, its changes, the store's new state and its watermark commit together,
 * so a crash leaves either the whole version or none of it.
 */
export async function distributeStore(
  tx: Session,
  store: StoreToDistribute,
  jobRunId: number | null,
): Promise<StoreDistribution> {
  // One distribution of a store at a time, even outside the job runner.
  await tx.query('select id from stores where id = $1 for update', [store.id]);
  // Room for the sorts and hashes over a store's cards.
  await tx.query(`set local work_mem = '64MB'`);
  const watermark = await tx.query<{ since: string | null }>(
    `select (cards_since - interval '${CARD_LOOKBACK}')::text as since
     from distribution_watermarks where store_id = $1`,
    [store.id],
  );
  await collectCandidates(tx, store, watermark.rows[0]?.since ?? null);
  await tx.query(
    `create temporary table dist_current (entity, entity_id, body) on commit drop as
     ${COLLECTIONS.map((c) => CURRENT_STATE_SQL[c]).join('\nunion all\n')}`,
    [store.id, store.programId, store.currency, minorUnitExponent(store.currency)],
  );
  const changes = await collectChanges(tx, store.id);
  const cards = await tx.query<{ n: number }>(
    `select count(*)::int as n from dist_out where entity = 'card'`,
  );
  const version = changes === 0 ? null : await writeVersion(tx, store.id, jobRunId, changes);
  await tx.query(
    `insert into distribution_watermarks (store_id, cards_since) values ($1, now())
     on conflict (store_id) do update set cards_since = excluded.cards_since`,
    [store.id],
  );
  return { version, changes, cards: cards.rows[0]?.n ?? 0 };
}

/** The cards to look at: all of the program the first time, else those changed since the watermark. */
async function collectCandidates(tx: Session, store: StoreToDistribute, since: string | null) {
  await tx.query('create temporary table dist_candidates (number text primary key) on commit drop');
  if (since === null) {
    await tx.query('insert into dist_candidates select number from cards where program_id = $1', [
      store.programId,
    ]);
    return;
  }
  // Cards of any program: one that left the store's program must be deleted from it.
  await tx.query(
    `insert into dist_candidates
     select number from cards where updated_at >= $1::timestamptz
     union select card_number from card_balances where updated_at >= $1::timestamptz
     union select c.number from customers cu join cards c on c.customer_id = cu.id
       where cu.updated_at >= $1::timestamptz`,
    [since],
  );
}

/** Fills dist_out with the upserts and deletes of this version; returns how many. */
async function collectChanges(tx: Session, storeId: string): Promise<number> {
  await tx.query(
    `create temporary table dist_out on commit drop as
     select cur.entity, cur.entity_id, 'upsert'::text as op, cur.body, cur.hash
     from (select entity, entity_id, body, md5(body::text)::uuid as hash from dist_current) cur
     left join distribution_state st
       on st.store_id = $1 and st.entity = cur.entity and st.entity_id = cur.entity_id
     where st.hash is distinct from cur.hash
     union all
     select st.entity, st.entity_id, 'delete', null::jsonb, null::uuid
     from distribution_state st
     where st.store_id = $1
       and (st.entity <> 'card' or st.entity_id in (select number from dist_candidates))
       and not exists (select 1 from dist_current cur
                       where cur.entity = st.entity and cur.entity_id = st.entity_id)`,
    [storeId],
  );
  const count = await tx.query<{ n: number }>('select count(*)::int as n from dist_out');
  return count.rows[0]?.n ?? 0;
}

async function writeVersion(
  tx: Session,
  storeId: string,
  jobRunId: number | null,
  changes: number,
): Promise<number> {
  const last = await tx.query<{ version: number; last_seq: number }>(
    `select version, last_seq from distribution_versions where store_id = $1
     order by version desc limit 1`,
    [storeId],
  );
  const version = (last.rows[0]?.version ?? 0) + 1;
  const afterSeq = last.rows[0]?.last_seq ?? 0;
  await tx.query(
    `with written as (
       insert into distribution_changes (store_id, version, entity, entity_id, op, body)
       select $1, $2, entity, entity_id, op, body from dist_out
       order by ${RANK}, entity_id
       returning seq, entity, entity_id, op
     )
     insert into distribution_state (store_id, entity, entity_id, hash, seq)
     select $1, w.entity, w.entity_id, o.hash, w.seq
     from written w join dist_out o on o.entity = w.entity and o.entity_id = w.entity_id
     where w.op = 'upsert'
     on conflict (store_id, entity, entity_id)
       do update set hash = excluded.hash, seq = excluded.seq`,
    [storeId, version],
  );
  await tx.query(
    `delete from distribution_state st using dist_out o
     where st.store_id = $1 and o.op = 'delete' and st.entity = o.entity and st.entity_id = o.entity_id`,
    [storeId],
  );
  await tx.query(
    `insert into distribution_versions (store_id, version, last_seq, change_count, job_run_id)
     select $1, $2, max(seq), $3, $4 from distribution_changes where store_id = $1 and seq > $5`,
    [storeId, version, changes, jobRunId, afterSeq],
  );
  return version;
}
