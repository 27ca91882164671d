import type { Session } from '../../db/database';
import { cards, customers, facts } from '../../db/schema';
import { tableRows } from '../../db/tableRows';
import { TIER_COUNTING_KINDS } from '../../tiers/rules';
import type { TierWindow } from '../../tiers/evaluate';
import type { FactRow } from '../facts';
import type { CardRow } from '../lookups';

/** What the ledger holds of one card and reward point when a run starts. */
export interface LedgerSummary {
  readonly posted: number;
  readonly pending: number;
  /** The latest effective time of a posted entry that took points (an expiry aside), if any. */
  readonly lastTakeAt: number | null;
  /** The latest effective time of a posted increase, if any. */
  readonly lastIncreaseAt: number | null;
}

/** An entry already in the ledger that a fact of the run carries or owns. */
export interface KnownEntry {
  readonly id: string;
  readonly factId: string | null;
  readonly cardNumber: string;
  readonly rewardPointId: string;
  readonly points: number;
  readonly status: 'pending' | 'posted' | 'rejected';
}

export interface RunData {
  readonly cards: Map<string, CardRow>;
  /** Keyed by card number, then reward point. */
  readonly ledgers: Map<string, Map<string, LedgerSummary>>;
  readonly entries: Map<string, KnownEntry>;
  readonly pendingOfFact: Map<string, KnownEntry[]>;
  /** Each card's sums over the tier windows, in the order of `windows`. */
  readonly windowSums: Map<string, number[]>;
}

const FACT_ROWS = tableRows(facts, 'f', 'id');

/**
 * The pending facts among `ids` that no other runner holds, locked, in the order of `ids`. A plain
 * statement with the ids as one array: the query builder's list of 500 parameters and its row
 * mapping were most of the read's cost in the job.
 */
export async function lockRunFacts(tx: Session, ids: readonly string[]): Promise<FactRow[]> {
  const { rows } = await tx.query<Record<string, unknown>>(
    `select ${FACT_ROWS.selectList} from facts f
      where f.id = any($1::uuid[]) and f.status = 'pending'
      for update skip locked`,
    [ids],
  );
  const byId = new Map<string, FactRow>();
  for (const raw of rows) {
    const row = FACT_ROWS.read(raw);
    if (row) byId.set(row.id, row);
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

interface EntryRow {
  id: string;
  fact_id: string | null;
  card_number: string;
  reward_point_id: string;
  points: number;
  status: KnownEntry['status'];
}

const ENTRY_COLUMNS = 'e.id, e.fact_id, e.card_number, e.reward_point_id, e.points, e.status';

/**
 * The facts' own entries, then those the facts name that are not their own (a sale's receipt names
 * its own pending entries, so the second look-up is nearly always skipped).
 */
async function knownEntries(
  tx: Session,
  factIds: readonly string[],
  entryIds: readonly string[],
): Promise<KnownEntry[]> {
  const { rows } = await tx.query<EntryRow>(
    `select ${ENTRY_COLUMNS} from ledger_entries e where e.fact_id = any($1::uuid[])`,
    [factIds],
  );
  const found = new Set(rows.map((r) => r.id));
  const others = [...new Set(entryIds.filter((id) => !found.has(id)))];
  if (others.length > 0) {
    const more = await tx.query<EntryRow>(
      `select ${ENTRY_COLUMNS} from ledger_entries e where e.id = any($1::uuid[])`,
      [others],
    );
    rows.push(...more.rows);
  }
  return rows.map((r) => ({
    id: r.id,
    factId: r.fact_id,
    cardNumber: r.card_number,
    rewardPointId: r.reward_point_id,
    points: Number(r.points),
    status: r.status,
  }));
}

const CARD_ROWS = tableRows(cards, 'c', 'number');
const CUSTOMER_ROWS = tableRows(customers, 'u', 'id', 'customer.');

/** Locks the cards in number order, as every other writer of a card does, and reads them. */
async function lockedCards(tx: Session, numbers: readonly string[]): Promise<Map<string, CardRow>> {
  const locked = new Map<string, CardRow>();
  if (numbers.length === 0) return locked;
  const { rows } = await tx.query<Record<string, unknown>>(
    `select ${CARD_ROWS.selectList}, ${CUSTOMER_ROWS.selectList}
       from cards c left join customers u on u.id = c.customer_id
      where c.number = any($1::text[])
      order by c.number
      for update of c`,
    [numbers],
  );
  for (const raw of rows) {
    const card = CARD_ROWS.read(raw);
    if (card) locked.set(card.number, { ...card, customer: CUSTOMER_ROWS.read(raw) });
  }
  return locked;
}

const COUNTING = TIER_COUNTING_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * Each card's ledger in sums per reward point, and its sums over the tier windows, in one pass
 * over the cards' entries.
 */
async function ledgerSummaries(
  tx: Session,
  numbers: readonly string[],
  windows: readonly TierWindow[],
  now: Date,
): Promise<{
  ledgers: Map<string, Map<string, LedgerSummary>>;
  windowSums: Map<string, number[]>;
}> {
  const ledgers = new Map<string, Map<string, LedgerSummary>>();
  const windowSums = new Map<string, number[]>();
  if (numbers.length === 0) return { ledgers, windowSums };
  const params: unknown[] = [numbers, now.toISOString()];
  const windowColumns = windows.map((w, i) => {
    params.push(w.rewardPoint, new Date(w.from).toISOString());
    return `coalesce(sum(points) filter (where status = 'posted' and kind in (${COUNTING})
        and reward_point_id = $${params.length - 1} and earned_at > $${params.length}::timestamptz
        and earned_at <= $2::timestamptz), 0)::bigint as w${i}`;
  });
  const { rows } = await tx.query<Record<string, string | number | null>>(
    `select card_number, reward_point_id,
        coalesce(sum(points) filter (where status = 'posted'), 0)::bigint as posted,
        coalesce(sum(points) filter (where status = 'pending'), 0)::bigint as pending,
        (extract(epoch from max(earned_at) filter
          (where status = 'posted' and points < 0 and kind <> 'expire')) * 1000)::bigint as last_take_ms,
        (extract(epoch from max(earned_at) filter
          (where status = 'posted' and points > 0)) * 1000)::bigint as last_increase_ms
        ${windowColumns.map((c) => `, ${c}`).join('')}
      from ledger_entries where card_number = any($1::text[])
      group by card_number, reward_point_id`,
    params,
  );
  for (const row of rows) {
    const card = String(row['card_number']);
    const byRewardPoint = ledgers.get(card) ?? new Map<string, LedgerSummary>();
    const ms = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    byRewardPoint.set(String(row['reward_point_id']), {
      posted: Number(row['posted']),
      pending: Number(row['pending']),
      lastTakeAt: ms(row['last_take_ms']),
      lastIncreaseAt: ms(row['last_increase_ms']),
    });
    ledgers.set(card, byRewardPoint);
    const sums = windowSums.get(card) ?? windows.map(() => 0);
    windows.forEach((_, i) => (sums[i] = (sums[i] ?? 0) + Number(row[`w${i}`] ?? 0)));
    windowSums.set(card, sums);
  }
  return { ledgers, windowSums };
}

/**
 * Everything the run's checks and postings read of the cards its facts touch, with the cards
 * locked: the card rows, each card's ledger in sums, the entries the facts carry, and the tier
 * window sums. A handful of statements for the whole run.
 */
export async function loadRunData(
  tx: Session,
  rows: readonly FactRow[],
  receiptCards: readonly string[],
  entryIds: readonly string[],
  tiers: { readonly windows: readonly TierWindow[]; readonly now: Date },
): Promise<RunData> {
  const known = await knownEntries(
    tx,
    rows.map((r) => r.id),
    entryIds,
  );
  const numbers = [...new Set([...receiptCards, ...known.map((e) => e.cardNumber)])].sort();
  const cardRows = await lockedCards(tx, numbers);
  const { ledgers, windowSums } = await ledgerSummaries(tx, numbers, tiers.windows, tiers.now);
  const pendingOfFact = new Map<string, KnownEntry[]>();
  for (const entry of known) {
    if (entry.status !== 'pending' || entry.factId === null) continue;
    pendingOfFact.set(entry.factId, [...(pendingOfFact.get(entry.factId) ?? []), entry]);
  }
  return {
    cards: cardRows,
    ledgers,
    entries: new Map(known.map((e) => [e.id, e])),
    pendingOfFact,
    windowSums,
  };
}
