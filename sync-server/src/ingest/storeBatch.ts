import { parseInstant } from '../../../shared/units/time';
import type { Fact, FactResult, SaleFact } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import { claimTendersOfPushedSale } from '../redemption/tenderUse';
import type { EntryToPost } from '../ledger/post';
import { draftsOf, entryFromDraft, originOf } from './entries';
import { lockCards } from './pending';
import type { Arrival } from './storeFact';

/** A fact of a push with where and when it arrived. */
export interface ArrivingFact {
  readonly fact: Fact;
  readonly arrival: Arrival;
}

/** Ledger rows per insert statement: keeps the JSON parameter of one statement a few MB at most. */
const ENTRY_ROWS_PER_INSERT = 2000;

const FACT_COLUMNS = `id uuid, store_id text, register_id text, type text, body jsonb,
  device_time timestamptz, device_seq bigint, server_time timestamptz, skew_flagged boolean`;

export type StoreOutcome = FactResult['status'] | { rejected: string };

/** PostgreSQL answers a uuid in lower case whatever case it was sent in. */
const uuidKey = (id: string) => id.toLowerCase();

/**
 * Stores the facts of a push at once, in the caller's transaction: one insert for the facts, one
 * for their pending entries and sums. Answers, in the order given, as storing them one by one
 * would: accepted, duplicate (also a later copy of a fact in the same push), or rejected when
 * another register used the id. Any error aborts the transaction; the caller then stores the facts
 * one by one to find the one at fault.
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
  const rows = [...first.values()].map(({ fact, arrival }) => ({
    id: fact.id,
    store_id: fact.store,
    register_id: fact.register,
    type: fact.type,
    body: fact,
    device_time: new Date(parseInstant(fact.deviceTime)).toISOString(),
    device_seq: fact.deviceSeq,
    server_time: arrival.serverTime.toISOString(),
    skew_flagged: arrival.skewFlagged,
  }));
  const inserted = await tx.query<{ id: string }>(
    `insert into facts (id, store_id, register_id, type, body, device_time, device_seq, server_time, skew_flagged)
     select id, store_id, register_id, type, body, device_time, device_seq, server_time, skew_flagged
       from jsonb_to_recordset($1::jsonb) as r(${FACT_COLUMNS})
     on conflict (id) do nothing
     returning id`,
    [JSON.stringify(rows)],
  );
  const stored = new Set(inserted.rows.map((row) => uuidKey(row.id)));
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
  const fresh = [...first.entries()].filter(([key]) => stored.has(key)).map(([, item]) => item);
  await showBatchAsPending(tx, fresh.flatMap(entriesOf), fresh[0]?.arrival.serverTime);
  for (const { fact, arrival } of fresh)
    if (fact.type === 'sale')
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
  const deviceTime = new Date(parseInstant(fact.deviceTime));
  const earnedAt = arrival.skewFlagged ? arrival.serverTime : deviceTime;
  const origin = originOf(fact, { earnedAt, deviceTime });
  return draftsOf(fact).map((draft) => entryFromDraft(draft, origin));
}

const ENTRY_COLUMNS = `id uuid, card_number text, reward_point_id text, kind text, points bigint,
  cropped bigint, store_id text, register_id text, receipt_id text, line_id text, scheme_id text,
  scheme_version integer, rule_ids jsonb, earned_at timestamptz, origin text, staff_id text,
  comment text, device_time timestamptz, device_seq bigint, lots jsonb, reverses uuid,
  fact_id uuid, activity_type text`;

const entryRow = (e: EntryToPost) => ({
  id: e.id,
  card_number: e.cardNumber,
  reward_point_id: e.rewardPointId,
  kind: e.kind,
  points: e.points,
  cropped: e.cropped ?? 0,
  store_id: e.storeId ?? null,
  register_id: e.registerId ?? null,
  receipt_id: e.receiptId ?? null,
  line_id: e.lineId ?? null,
  scheme_id: e.schemeId ?? null,
  scheme_version: e.schemeVersion ?? null,
  rule_ids: [...(e.ruleIds ?? [])],
  earned_at: e.earnedAt.toISOString(),
  origin: e.origin,
  staff_id: e.staffId ?? null,
  comment: e.comment ?? null,
  device_time: e.deviceTime?.toISOString() ?? null,
  device_seq: e.deviceSeq ?? null,
  lots: e.lots ? [...e.lots] : null,
  reverses: e.reverses ?? null,
  fact_id: e.factId ?? null,
  activity_type: e.activityType ?? null,
});

/**
 * showAsPending (pending.ts) for many facts at once: the same rules, set-based. Entries of cards
 * or reward points the server does not know are left to the post job; unknown staff and reversed
 * entries are left empty; an id already in the ledger stays as it is.
 */
async function showBatchAsPending(
  tx: Session,
  entries: readonly EntryToPost[],
  serverTime: Date | undefined,
): Promise<void> {
  if (entries.length === 0 || !serverTime) return;
  const known = await lockCards(tx, [...new Set(entries.map((e) => e.cardNumber))].sort());
  const onKnownCards = entries.filter((e) => known.has(e.cardNumber));
  for (let at = 0; at < onKnownCards.length; at += ENTRY_ROWS_PER_INSERT) {
    const slice = onKnownCards.slice(at, at + ENTRY_ROWS_PER_INSERT).map(entryRow);
    // The cards are locked, so adding what was inserted to the pending sums keeps them equal to
    // the sums of the pending entries (refreshPending's result) without reading the ledger again.
    await tx.query(
      `with inserted as (
         insert into ledger_entries (id, card_number, reward_point_id, kind, points, cropped,
           store_id, register_id, receipt_id, line_id, scheme_id, scheme_version, rule_ids,
           earned_at, origin, status, staff_id, comment, device_time, device_seq, server_time,
           lots, reverses, fact_id, activity_type)
         select r.id, r.card_number, r.reward_point_id, r.kind, r.points, r.cropped, r.store_id,
           r.register_id, r.receipt_id, r.line_id, r.scheme_id, r.scheme_version, r.rule_ids,
           r.earned_at, r.origin, 'pending', s.id, r.comment, r.device_time, r.device_seq,
           $2::timestamptz, r.lots, e.id, r.fact_id, r.activity_type
           from jsonb_to_recordset($1::jsonb) as r(${ENTRY_COLUMNS})
           join reward_points rp on rp.id = r.reward_point_id
           left join staff s on s.id = r.staff_id
           left join ledger_entries e on e.id = r.reverses
         on conflict (id) do nothing
         returning card_number, reward_point_id, points
       )
       insert into card_balances (card_number, reward_point_id, posted, pending)
       select card_number, reward_point_id, 0, sum(points) from inserted
        group by card_number, reward_point_id
       on conflict (card_number, reward_point_id)
       do update set pending = card_balances.pending + excluded.pending, updated_at = now()`,
      [JSON.stringify(slice), serverTime.toISOString()],
    );
  }
}
