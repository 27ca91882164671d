import type { Session } from '../../db/database';
import { cards, customers, facts } from '../../db/schema';
import { tableRows } from '../../db/tableRows';
import { TIER_COUNTING_KINDS } from '../../tiers/rules';
import type { TierWindow } from '../../tiers/evaluate';
import {
  knownEntries,
  ledgerSummaries,
  type KnownEntry,
  type LedgerSummary,
} from '../../ledger/summaries';
import type { FactRow } from '../facts';
import type { CardRow } from '../lookups';

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
  const { ledgers, sumsSince: windowSums } = await ledgerSummaries(tx, numbers, {
    sums: tiers.windows,
    kinds: TIER_COUNTING_KINDS,
    now: tiers.now,
  });
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

/**
 * Adds to a run's data what one more fact planned into it reads (a run of one inside the run): its
 * entries as the ledger holds them now, and the cards it names that the run has not loaded yet,
 * locked and read. The cards the run loaded before stay as the run has moved them: every write to
 * them since went through the run.
 */
export async function extendRunData(
  tx: Session,
  data: RunData,
  row: FactRow,
  cardNumbers: readonly string[],
  entryIds: readonly string[],
  tiers: { readonly windows: readonly TierWindow[]; readonly now: Date },
): Promise<void> {
  const known = await knownEntries(tx, [row.id], entryIds);
  const numbers = [...new Set([...cardNumbers, ...known.map((e) => e.cardNumber)])]
    .filter((number) => !data.cards.has(number))
    .sort();
  if (numbers.length > 0) {
    const cardRows = await lockedCards(tx, numbers);
    const { ledgers, sumsSince } = await ledgerSummaries(tx, numbers, {
      sums: tiers.windows,
      kinds: TIER_COUNTING_KINDS,
      now: tiers.now,
    });
    for (const [number, card] of cardRows) data.cards.set(number, card);
    for (const [number, ledger] of ledgers) data.ledgers.set(number, ledger);
    for (const [number, sums] of sumsSince) data.windowSums.set(number, sums);
  }
  // As the ledger holds them now: an entry an earlier fact of the run rejected reads rejected.
  for (const entry of known) data.entries.set(entry.id, entry);
  data.pendingOfFact.set(
    row.id,
    known.filter((e) => e.status === 'pending' && e.factId === row.id),
  );
}
