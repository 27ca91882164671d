import { asc, eq, inArray, and } from 'drizzle-orm';
import type { Session } from '../../db/database';
import { cards, customers, facts } from '../../db/schema';
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

/** The pending facts among `ids` that no other runner holds, locked, in the order of `ids`. */
export async function lockRunFacts(tx: Session, ids: readonly string[]): Promise<FactRow[]> {
  const rows = await tx.db
    .select()
    .from(facts)
    .where(and(inArray(facts.id, [...ids]), eq(facts.status, 'pending')))
    .for('update', { skipLocked: true });
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

async function knownEntries(
  tx: Session,
  factIds: readonly string[],
  entryIds: readonly string[],
): Promise<KnownEntry[]> {
  const { rows } = await tx.query<{
    id: string;
    fact_id: string | null;
    card_number: string;
    reward_point_id: string;
    points: number;
    status: KnownEntry['status'];
  }>(
    `select e.id, e.fact_id, e.card_number, e.reward_point_id, e.points, e.status
       from unnest($1::uuid[]) f(id) join ledger_entries e on e.fact_id = f.id
     union
     select e.id, e.fact_id, e.card_number, e.reward_point_id, e.points, e.status
       from unnest($2::uuid[]) d(id) join ledger_entries e on e.id = d.id`,
    [factIds, entryIds],
  );
  return rows.map((r) => ({
    id: r.id,
    factId: r.fact_id,
    cardNumber: r.card_number,
    rewardPointId: r.reward_point_id,
    points: Number(r.points),
    status: r.status,
  }));
}

/** Locks the cards in number order, as every other writer of a card does, and reads them. */
async function lockedCards(tx: Session, numbers: readonly string[]): Promise<Map<string, CardRow>> {
  if (numbers.length === 0) return new Map();
  const rows = await tx.db
    .select()
    .from(cards)
    .leftJoin(customers, eq(customers.id, cards.customerId))
    .where(inArray(cards.number, [...numbers]))
    .orderBy(asc(cards.number))
    .for('update', { of: cards });
  return new Map(rows.map((row) => [row.cards.number, { ...row.cards, customer: row.customers }]));
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
