import { parseInstant } from '../../../shared/units/time';
import { isPlainSale } from '../../../shared/protocol/plainSale';
import type { Fact, FactResult, SaleFact } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import { claimTendersOfPushedSale } from '../redemption/tenderUse';
import type { EntryToPost } from '../ledger/post';
import { draftsOf, entryFromDraft, originOf } from '../ledger/entries';
import type { Arrival } from './storeFact';

/** A fact of a push with where and when it arrived. */
export interface ArrivingFact {
  readonly fact: Fact;
  readonly arrival: Arrival;
}

/** Ledger rows per insert statement: keeps the JSON parameter of one statement a few MB at most. */
const ENTRY_ROWS_PER_INSERT = 2000;

/**
 * A column of rows sent as one JSON array of arrays: a row is its values in column order. Without
 * the field names PostgreSQL has less JSON to parse (a ledger row half as much; docs/performance.md).
 */
interface Column<Row> {
  readonly name: string;
  readonly type: string;
  readonly value: (row: Row) => unknown;
}

/** The rows as the JSON text of one statement parameter. */
function rowsAsJson<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  return JSON.stringify(rows.map((row) => columns.map((column) => column.value(row))));
}

/** A subquery reading the rows of a parameter given by rowsAsJson back as named, typed columns. */
function rowsFrom<Row>(columns: readonly Column<Row>[], param: string): string {
  const values = columns.map(({ name, type }, i) =>
    type === 'jsonb' ? `nullif(v -> ${i}, 'null') as ${name}` : `(v ->> ${i})::${type} as ${name}`,
  );
  return `(select ${values.join(', ')} from jsonb_array_elements(${param}::jsonb) v)`;
}

const FACT_COLUMNS: readonly Column<ArrivingFact>[] = [
  { name: 'id', type: 'uuid', value: ({ fact }) => fact.id },
  { name: 'store_id', type: 'text', value: ({ fact }) => fact.store },
  { name: 'register_id', type: 'text', value: ({ fact }) => fact.register },
  { name: 'type', type: 'text', value: ({ fact }) => fact.type },
  { name: 'body', type: 'jsonb', value: ({ fact }) => fact },
  {
    name: 'device_time',
    type: 'timestamptz',
    value: ({ fact }) => new Date(parseInstant(fact.deviceTime)).toISOString(),
  },
  { name: 'device_seq', type: 'bigint', value: ({ fact }) => fact.deviceSeq },
  { name: 'server_time', type: 'timestamptz', value: ({ arrival }) => arrival.serverTime },
  { name: 'skew_flagged', type: 'boolean', value: ({ arrival }) => arrival.skewFlagged },
  { name: 'plain_sale', type: 'boolean', value: ({ fact }) => isPlainSale(fact) },
  { name: 'reason', type: 'text', value: ({ arrival }) => arrival.loyaltyRefused },
  { name: 'catalogue_from', type: 'integer', value: ({ arrival }) => arrival.catalogue.from },
  { name: 'catalogue_to', type: 'integer', value: ({ arrival }) => arrival.catalogue.to },
];

export type StoreOutcome = FactResult['status'] | { rejected: string };

/** PostgreSQL answers a uuid in lower case whatever case it was sent in. */
const uuidKey = (id: string) => id.toLowerCase();

/**
 * Stores the facts of a push at once, in the caller's transaction: one statement inserts the facts,
 * locks their cards and writes the new facts' pending entries and sums. Answers, in the order
 * given, as storing them one by one would: accepted, duplicate (also a later copy of a fact in the
 * same push), or rejected when another register used the id. Any error aborts the transaction; the
 * caller then stores the facts one by one to find the one at fault.
 */
export async function storeFacts(
  tx: Session,
  arriving: readonly ArrivingFact[],
): Promise<StoreOutcome[]> {
  const first = new Map<string, ArrivingFact>();
  for (const item of arriving) {
    const key = uuidKey(item.fact.id);
    if (!first.has(key)) first.set(key, item);
  }
  const unique = [...first.values()];
  const serverTime = unique[0]?.arrival.serverTime;
  if (!serverTime) return [];
  const entries = unique.flatMap(entriesOf);
  const cardNumbers = [...new Set(entries.map((e) => e.cardNumber))].sort();
  const inserted = await tx.query<{ id: string }>(STORE_PUSH, [
    rowsAsJson(FACT_COLUMNS, unique),
    cardNumbers,
    rowsAsJson(ENTRY_COLUMNS, entries.slice(0, ENTRY_ROWS_PER_INSERT)),
    serverTime.toISOString(),
  ]);
  const stored = new Set(inserted.rows.map((row) => uuidKey(row.id)));
  for (let at = ENTRY_ROWS_PER_INSERT; at < entries.length; at += ENTRY_ROWS_PER_INSERT) {
    const slice = entries
      .slice(at, at + ENTRY_ROWS_PER_INSERT)
      .filter((e) => stored.has(uuidKey(e.factId ?? '')));
    if (slice.length > 0)
      await tx.query(STORE_MORE_ENTRIES, [
        cardNumbers,
        rowsAsJson(ENTRY_COLUMNS, slice),
        serverTime.toISOString(),
      ]);
  }
  const outcomes = new Map<string, StoreOutcome>();
  for (const key of stored) outcomes.set(key, 'accepted');
  const others = [...first.keys()].filter((key) => !stored.has(key));
  if (others.length > 0) {
    const owners = await tx.query<{ id: string; register_id: string }>(
      'select id, register_id from facts where id = any($1::uuid[])',
      [others],
    );
    const ownerOf = new Map(owners.rows.map((row) => [uuidKey(row.id), row.register_id]));
    for (const key of others)
      outcomes.set(
        key,
        ownerOf.get(key) === first.get(key)?.arrival.registerId
          ? 'duplicate'
          : { rejected: `fact id ${first.get(key)?.fact.id} was already used by another register` },
      );
  }
  for (const { fact, arrival } of unique)
    if (fact.type === 'sale' && stored.has(uuidKey(fact.id)))
      await claimTendersOfPushedSale(tx, fact as SaleFact, arrival.serverTime);
  return answersFor(arriving, outcomes);
}

/** One outcome per fact given: a later copy of a stored fact finds the first one there. */
function answersFor(
  arriving: readonly ArrivingFact[],
  outcomes: ReadonlyMap<string, StoreOutcome>,
): StoreOutcome[] {
  const seen = new Set<string>();
  return arriving.map(({ fact }) => {
    const key = uuidKey(fact.id);
    const outcome = outcomes.get(key) ?? 'duplicate';
    const repeated = seen.has(key);
    seen.add(key);
    return repeated && typeof outcome === 'string' ? 'duplicate' : outcome;
  });
}

function entriesOf({ fact, arrival }: ArrivingFact): EntryToPost[] {
  if (arrival.loyaltyRefused !== null) return [];
  const deviceTime = new Date(parseInstant(fact.deviceTime));
  const earnedAt = arrival.skewFlagged ? arrival.serverTime : deviceTime;
  const origin = originOf(fact, { earnedAt, deviceTime });
  return draftsOf(fact).map((draft) => entryFromDraft(draft, origin));
}

const ENTRY_COLUMNS: readonly Column<EntryToPost>[] = [
  { name: 'id', type: 'uuid', value: (e) => e.id },
  { name: 'card_number', type: 'text', value: (e) => e.cardNumber },
  { name: 'reward_point_id', type: 'text', value: (e) => e.rewardPointId },
  { name: 'kind', type: 'text', value: (e) => e.kind },
  { name: 'points', type: 'bigint', value: (e) => e.points },
  { name: 'cropped', type: 'bigint', value: (e) => e.cropped ?? 0 },
  { name: 'store_id', type: 'text', value: (e) => e.storeId ?? null },
  { name: 'register_id', type: 'text', value: (e) => e.registerId ?? null },
  { name: 'receipt_id', type: 'text', value: (e) => e.receiptId ?? null },
  { name: 'line_id', type: 'text', value: (e) => e.lineId ?? null },
  { name: 'scheme_id', type: 'text', value: (e) => e.schemeId ?? null },
  { name: 'scheme_version', type: 'integer', value: (e) => e.schemeVersion ?? null },
  { name: 'rule_ids', type: 'jsonb', value: (e) => e.ruleIds ?? [] },
  { name: 'earned_at', type: 'timestamptz', value: (e) => e.earnedAt },
  { name: 'origin', type: 'text', value: (e) => e.origin },
  { name: 'staff_id', type: 'text', value: (e) => e.staffId ?? null },
  { name: 'comment', type: 'text', value: (e) => e.comment ?? null },
  { name: 'device_time', type: 'timestamptz', value: (e) => e.deviceTime ?? null },
  { name: 'device_seq', type: 'bigint', value: (e) => e.deviceSeq ?? null },
  { name: 'lots', type: 'jsonb', value: (e) => e.lots ?? null },
  { name: 'reverses', type: 'uuid', value: (e) => e.reverses ?? null },
  { name: 'fact_id', type: 'uuid', value: (e) => e.factId ?? null },
  { name: 'activity_type', type: 'text', value: (e) => e.activityType ?? null },
];

/**
 * The pending entries of the rows of entries ($n) on the locked cards, and their sums: showAsPending
 * (pending.ts) set-based, with the same rules. Entries of cards or reward points the server does
 * not know are left to the post job; unknown staff and unknown reversed entries are left empty; an
 * id already in the ledger stays as it is. The cards are locked, so adding what was inserted to the
 * pending sums keeps them equal to the sums of the pending entries (refreshPending's result)
 * without reading the ledger again.
 */
const pendingEntries = (entriesParam: string, serverTimeParam: string, factFilter: string) => `
  entries as (
    insert into ledger_entries (id, card_number, reward_point_id, kind, points, cropped,
      store_id, register_id, receipt_id, line_id, scheme_id, scheme_version, rule_ids,
      earned_at, origin, status, staff_id, comment, device_time, device_seq, server_time,
      lots, reverses, fact_id, activity_type)
    select r.id, r.card_number, r.reward_point_id, r.kind, r.points, r.cropped, r.store_id,
      r.register_id, r.receipt_id, r.line_id, r.scheme_id, r.scheme_version, r.rule_ids,
      r.earned_at, r.origin, 'pending', s.id, r.comment, r.device_time, r.device_seq,
      ${serverTimeParam}::timestamptz, r.lots,
      case when r.reverses is not null
        then (select e.id from ledger_entries e where e.id = r.reverses) end,
      r.fact_id, r.activity_type
      from ${rowsFrom(ENTRY_COLUMNS, entriesParam)} as r
      join locked c on c.number = r.card_number
      join reward_points rp on rp.id = r.reward_point_id
      left join staff s on s.id = r.staff_id
     ${factFilter}
    on conflict (id) do nothing
    returning card_number, reward_point_id, points
  ),
  sums as (
    insert into card_balances (card_number, reward_point_id, posted, pending)
    select card_number, reward_point_id, 0, sum(points) from entries
     group by card_number, reward_point_id
    on conflict (card_number, reward_point_id)
    do update set pending = card_balances.pending + excluded.pending, updated_at = now()
  )`;

/**
 * A push in one statement: the facts ($1) first, then their cards ($2) locked in number order (a
 * fixed order, so two transactions never wait on each other in a circle), then the entries ($3) of
 * the facts inserted now. Counting `stored` runs the facts' insert to its end before the first
 * lock, and locks nothing when no fact is new. Answers the ids of the facts inserted.
 */
const STORE_PUSH = `
  with stored as (
    insert into facts (id, store_id, register_id, type, body, device_time, device_seq, server_time,
      skew_flagged, plain_sale, reason, catalogue_from, catalogue_to)
    select id, store_id, register_id, type, body, device_time, device_seq, server_time,
      skew_flagged, plain_sale, reason, catalogue_from, catalogue_to
      from ${rowsFrom(FACT_COLUMNS, '$1')} as r
    on conflict (id) do nothing
    returning id
  ),
  locked as materialized (
    select number from cards
     where number in (select unnest($2::text[])) and (select count(*) from stored) > 0
     order by number
       for update
  ),
  ${pendingEntries('$3', '$4', 'where r.fact_id in (select id from stored)')}
  select id from stored`;

/** More entries of the facts just stored, on cards the push has locked already. */
const STORE_MORE_ENTRIES = `
  with locked as materialized (
    select number from cards where number in (select unnest($1::text[]))
  ),
  ${pendingEntries('$2', '$3', '')}
  select 1`;
