import type { RewardPointRules } from '../../../../shared/engine/model';
import { isPlainSale } from '../../../../shared/protocol/plainSale';
import type { Session } from '../../db/database';
import { checkedEarnings } from '../earnings';
import { postingEnv, type FactRow, type PostingEnv } from '../facts';
import type { SaleFact } from '../../../../shared/protocol/sync';
import { checkLineClaims, postedLines } from '../lineSplit';
import { mustBeActive } from '../lookups';
import type { MasterData } from '../masterData';
import type { PostingAuthority } from '../authority';
import { loyaltyPart, LoyaltyRejected, planKept } from '../loyaltyRejected';
import { FactRejected, reject } from '../rejection';
import { checkPricedAsSent } from '../pricedAsSent';
import { mustOwnEntries } from '../ownEntries';
import { checkReceipt, checkRecord, saleRow } from '../sale';
import type { StoreRow } from '../lookups';
import type { RunLedger } from '../../ledger/runLedger';
import type { KnownEntry } from '../../ledger/summaries';
import type { RunData } from './runData';
import { recordActivity, type RunTiers } from './runTiers';
import type { FactPlan } from './factPlan';

export type { FactPlan } from './factPlan';

/** What a run works with: its transaction, what it read, and the state its facts move. */
export interface Run {
  readonly tx: Session;
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly master: MasterData;
  readonly authority: PostingAuthority;
  readonly data: RunData;
  readonly ledger: RunLedger;
  readonly tiers: RunTiers;
}

async function planSale(run: Run, row: FactRow): Promise<FactPlan | null> {
  const { env, fact } = postingEnv(run.tx, row, run.rewardPoints, run.master);
  if (fact.type !== 'sale') return null;
  const store = (await run.master.store(fact.store)) ?? reject(`store ${fact.store} is unknown`);
  checkRecord(fact, store);
  try {
    return await loyaltyPart(() => planLoyalty(run, { env, fact, store }));
  } catch (error) {
    if (error instanceof LoyaltyRejected) return planKept(run, row, error.message);
    throw error;
  }
}

interface SaleToPlan {
  readonly env: PostingEnv;
  readonly fact: SaleFact;
  readonly store: StoreRow;
}

/** A plain sale's loyalty part from what the run loaded; null when it needs a run of its own. */
async function planLoyalty(run: Run, { env, fact, store }: SaleToPlan): Promise<FactPlan | null> {
  const { row } = env;
  const { receipt } = fact;
  await checkReceipt(env, fact);
  const number = receipt.card;
  if (number === null) {
    const noPoints = receipt.lines.map(() => ({}));
    checkLineClaims(receipt, noPoints);
    const lines = postedLines(receipt.lines, [], [], noPoints);
    const sale = saleRow(env, fact, lines);
    return {
      kind: 'posted',
      row,
      entries: [],
      lots: [],
      sale,
      reviews: [],
      own: null,
      setAside: null,
    };
  }
  const loaded = run.data.cards.get(number);
  // A card not known when the run loaded may come from an issue fact earlier in this run.
  if (!loaded) return null;
  const card = run.tiers.current(mustBeActive(loaded, number));
  const earned = await checkedEarnings(env, fact, card, store);
  mustOwnEntries(run.ledger, row.id, earned.entries);
  checkLineClaims(receipt, earned.preCapByLine);
  await checkPricedAsSent(env, fact, card);

  const moved = run.ledger.post(earned.entries);
  const lines = postedLines(receipt.lines, earned.entries, moved.outcomes, earned.preCapByLine);
  recordActivity(run.tiers, moved.posted);
  run.tiers.reevaluate(card);
  const sale = saleRow(env, fact, lines);
  return {
    kind: 'posted',
    row,
    entries: moved.posted,
    lots: moved.lots,
    sale,
    reviews: [],
    own: null,
    setAside: null,
  };
}

/** A plain sale whose loyalty part was not refused at ingest: what a run plans from what it loads. */
export const mayPlanLoaded = (row: FactRow): boolean =>
  isPlainSale(row.body) && row.reason === null;

/**
 * Plans a plain sale of a run from what the run loaded, moving the run's state as posting it
 * would. A failed check rejects it (its pending entries leave the pending sums), a failed check of
 * its loyalty part keeps it without. Null for any fact the run cannot plan from what it loaded
 * (another fact type, a card it did not load, a loyalty part refused at ingest): that fact is
 * planned as a run of one (runOfOne.ts), its state untouched here.
 */
export async function planFact(run: Run, row: FactRow): Promise<FactPlan | null> {
  if (!mayPlanLoaded(row)) return null;
  try {
    return await planSale(run, row);
  } catch (error) {
    if (!(error instanceof FactRejected)) throw error;
    run.ledger.dropPending(pendingOf(run, row));
    return { kind: 'rejected', row, reason: error.message };
  }
}

export function pendingOf(run: Run, row: FactRow): readonly KnownEntry[] {
  return run.data.pendingOfFact.get(row.id) ?? [];
}
