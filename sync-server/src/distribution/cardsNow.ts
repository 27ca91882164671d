import type { SyncEvent } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import type { EventBus } from '../events/bus';
import { cardBodiesSql } from './sqlParts';

/*
 * A blocked, unblocked or replaced card must reach the registers at once, not at the next 1050:
 * a register that does not know a card is blocked goes on earning on it. The card's change is
 * written to the feed of every store of its program as a version of its own, with the body and
 * hash job 1050 would write, so the next run finds nothing new for it; the registers are then
 * told over the event stream and pull it.
 */

/** The cards' numbers as a relation (`number`): $2. */
const KEYS = '(select unnest($2::text[]) as number)';

/**
 * Parameters: $1 store id, $2 card numbers, $3 the store's program. The cards whose body differs
 * from what the store holds are written as the store's next version; their state follows.
 */
const CARDS_NOW_SQL = `
with cur as (
  select b.number as entity_id, b.body, md5(b.body::text)::uuid as hash
  from (${cardBodiesSql(KEYS, '$3')}) b
),
out as (
  select cur.entity_id, cur.body, cur.hash, st.ctid as state_row
  from cur left join distribution_state st
    on st.store_id = $1 and st.entity = 'card' and st.entity_id = cur.entity_id
  where st.hash is distinct from cur.hash
),
next as (
  select coalesce(max(version), 0) + 1 as version from distribution_versions where store_id = $1
),
written as (
  insert into distribution_changes (store_id, version, entity, entity_id, op, body)
  select $1, (select version from next), 'card', entity_id, 'upsert', body from out
  order by entity_id
  returning seq, entity_id
),
updated as (
  update distribution_state st set hash = o.hash, seq = w.seq
  from written w join out o on o.entity_id = w.entity_id
  where st.ctid = o.state_row
),
inserted as (
  insert into distribution_state (store_id, entity, entity_id, hash, seq)
  select $1, 'card', w.entity_id, o.hash, w.seq
  from written w join out o on o.entity_id = w.entity_id
  where o.state_row is null
),
versioned as (
  insert into distribution_versions (store_id, version, last_seq, change_count, job_run_id)
  select $1, (select version from next), max(seq), count(*), null from written
  having count(*) > 0
  returning version
)
select (select version from versioned) as version`;

/**
 * Writes the cards' current state to the feeds of the stores of their programs that were
 * distributed already (a store's first distribution carries every card anyway), in the caller's
 * transaction. Returns the events that tell the stores' registers, to publish after the commit.
 */
export async function distributeCardsNow(
  tx: Session,
  numbers: readonly string[],
): Promise<SyncEvent[]> {
  if (numbers.length === 0) return [];
  const stores = await tx.query<{ id: string; program_id: string }>(
    `select s.id, s.program_id from stores s
      where s.program_id in (select program_id from cards where number = any($1::text[]))
        and exists (select 1 from distribution_versions v where v.store_id = s.id)
      order by s.id`,
    [numbers],
  );
  const events: SyncEvent[] = [];
  for (const store of stores.rows) {
    // One distribution of a store at a time, as job 1050 takes it (pushes are not held up).
    await tx.query('select id from stores where id = $1 for no key update', [store.id]);
    const result = await tx.query<{ version: number | null }>(CARDS_NOW_SQL, [
      store.id,
      [...numbers],
      store.program_id,
    ]);
    const version = result.rows[0]?.version ?? null;
    if (version !== null) events.push({ type: 'distribution', store: store.id, version });
  }
  return events;
}

/**
 * Tells the registers after the commit. A lost event costs only time: registers find the version
 * on their next pull.
 */
export async function tellRegisters(bus: EventBus, events: readonly SyncEvent[]): Promise<void> {
  if (events.length > 0) await bus.publishAll(events).catch(() => undefined);
}
