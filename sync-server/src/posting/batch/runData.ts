import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Session } from '../../db/database';
import { cards, customers, facts } from '../../db/schema';
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
