import type { EntryKind } from '../../../shared/engine/ledger';
import type { LotUse, RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { RunLedger } from './runLedger';
import { knownEntries, ledgerSummaries } from './summaries';
import { writeLedger } from './write';

/** A ledger entry to post (or a pending one to settle): the id is the idempotency key. */
export interface EntryToPost {
  readonly id: string;
  readonly cardNumber: string;
  readonly rewardPointId: string;
  readonly kind: EntryKind;
  /** Signed. Increases are cropped to the card's cap when posted. */
  readonly points: number;
  readonly earnedAt: Date;
  readonly origin: 'online' | 'offline';
  readonly storeId?: string | null;
  readonly registerId?: string | null;
  readonly receiptId?: string | null;
  readonly lineId?: string | null;
  readonly schemeId?: string | null;
  readonly schemeVersion?: number | null;
  readonly ruleIds?: readonly string[];
  readonly staffId?: string | null;
  readonly comment?: string | null;
  readonly deviceTime?: Date | null;
  readonly deviceSeq?: number | null;
  readonly lots?: readonly LotUse[] | null;
  readonly reverses?: string | null;
  readonly factId?: string | null;
  readonly activityType?: string | null;
  /** Points the register already reported as cropped; added to what the cap takes now. */
  readonly cropped?: number;
  /** Overrides the reward point's expiry for this lot (a transfer keeping the moved points' date). */
  readonly expiresAt?: Date | null;
}

export interface PostOutcome {
  readonly id: string;
  readonly status: 'posted' | 'duplicate';
  readonly points: number;
  readonly cropped: number;
}

/** Locks the cards in number order, as every writer of a card does; each must exist. */
async function lockCards(tx: Session, numbers: readonly string[]): Promise<void> {
  const { rows } = await tx.query<{ number: string }>(
    'select number from cards where number = any($1::text[]) order by number for update',
    [numbers],
  );
  const found = new Set(rows.map((row) => row.number));
  const missing = numbers.find((number) => !found.has(number));
  if (missing !== undefined) throw new Error(`card ${missing} does not exist`);
}

/**
 * Posts entries of one or more cards inside the caller's transaction (PRODUCT 4.3, 4.4), as a
 * batch of one over the post job's ledger: the cards are locked, their sums loaded, the entries
 * posted through `RunLedger` (increases cropped to the cap against the posted balance) and written
 * by `writeLedger`, so the cards' lots and balances stay the fold of their ledger. Posting an id
 * twice is a no-op answered "duplicate"; an id stored as pending is settled.
 */
export async function postEntries(
  tx: Session,
  entries: readonly EntryToPost[],
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  serverTime: Date,
): Promise<PostOutcome[]> {
  if (entries.length === 0) return [];
  const numbers = [...new Set(entries.map((entry) => entry.cardNumber))].sort();
  await lockCards(tx, numbers);
  const known = await knownEntries(
    tx,
    [],
    entries.map((entry) => entry.id),
  );
  const { ledgers } = await ledgerSummaries(tx, numbers, { sums: [], kinds: [], now: serverTime });
  const ledger = new RunLedger(
    { ledgers, entries: new Map(known.map((entry) => [entry.id, entry])) },
    rewardPoints,
  );
  const { outcomes, posted, lots } = ledger.post(entries);
  await writeLedger(tx, ledger, { entries: posted, lots }, () => serverTime);
  return outcomes;
}
