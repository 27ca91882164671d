import type { RewardPointRules } from '../../../../shared/engine/model';
import { isPlainSale } from '../../../../shared/protocol/plainSale';
import type { TierActivity } from '../../../../shared/engine/tiers';
import type { Session } from '../../db/database';
import { TIER_COUNTING_KINDS } from '../../tiers/rules';
import { checkedEarnings } from '../earnings';
import { postingEnv, type FactRow, type PostingEnv } from '../facts';
import type { SaleFact } from '../../../../shared/protocol/sync';
import { checkLineClaims, postedLines } from '../lineSplit';
import { mustBeActive } from '../lookups';
import type { MasterData } from '../masterData';
import { loyaltyPart, LoyaltyRejected } from '../loyaltyRejected';
import { FactRejected, reject } from '../rejection';
import { checkPricedAsSent } from '../pricedAsSent';
import { checkReceipt, checkRecord, saleRow, type SaleRow } from '../sale';
import type { StoreRow } from '../lookups';
import type { NewLot, PostedEntry, RunLedger } from '../../ledger/runLedger';
import type { KnownEntry } from '../../ledger/summaries';
import type { RunData } from './runData';
import type { RunTiers } from './runTiers';

/** What a run works with: its transaction, what it read, and the state its facts move. */
export interface Run {
  readonly tx: Session;
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly master: MasterData;
  readonly data: RunData;
  readonly ledger: RunLedger;
  readonly tiers: RunTiers;
}

export type FactPlan =
  | {
      readonly kind: 'posted';
      readonly row: FactRow;
      readonly entries: readonly PostedEntry[];
      readonly lots: readonly NewLot[];
      readonly sale: SaleRow;
    }
  | { readonly kind: 'rejected'; readonly row: FactRow; readonly reason: string }
  /** Needs a transaction of its own: not a plain sale (`isPlainSale`), or see `planSale`. */
  | { readonly kind: 'alone'; readonly row: FactRow };

const COUNTING: readonly string[] = TIER_COUNTING_KINDS;

async function planSale(run: Run, row: FactRow): Promise<FactPlan> {
  const { env, fact } = postingEnv(run.tx, row, run.rewardPoints, run.master);
  if (fact.type !== 'sale') return { kind: 'alone', row };
  const store = (await run.master.store(fact.store)) ?? reject(`store ${fact.store} is unknown`);
  checkRecord(fact, store);
  return loyaltyPart(() => planLoyalty(run, { env, fact, store }));
}

interface SaleToPlan {
  readonly env: PostingEnv;
  readonly fact: SaleFact;
  readonly store: StoreRow;
}

/** A sale's loyalty part in the run: any failed check keeps the sale without it (alone). */
async function planLoyalty(run: Run, { env, fact, store }: SaleToPlan): Promise<FactPlan> {
  const { row } = env;
  const { receipt } = fact;
  await checkReceipt(env, fact);
  const number = receipt.card;
  if (number === null) {
    const noPoints = receipt.lines.map(() => ({}));
    checkLineClaims(receipt, noPoints);
    const lines = postedLines(receipt.lines, [], [], noPoints);
    return { kind: 'posted', row, entries: [], lots: [], sale: saleRow(env, fact, lines) };
  }
  const loaded = run.data.cards.get(number);
  // A card not known yet may come from an issue fact earlier in this run: posted on its own.
  if (!loaded) return { kind: 'alone', row };
  const card = run.tiers.current(mustBeActive(loaded, number));
  const earned = await checkedEarnings(env, fact, card, store);
  checkLineClaims(receipt, earned.preCapByLine);
  await checkPricedAsSent(env, fact, card);
  if (!run.ledger.onlyIncreases(earned.entries)) return { kind: 'alone', row };

  const { outcomes, posted, lots } = run.ledger.post(earned.entries);
  const lines = postedLines(receipt.lines, earned.entries, outcomes, earned.preCapByLine);
  const activity: TierActivity[] = posted
    .filter((p) => COUNTING.includes(p.entry.kind))
    .map((p) => ({
      rewardPoint: p.entry.rewardPointId,
      points: p.points,
      at: p.entry.earnedAt.getTime(),
    }));
  run.tiers.record(card.number, activity);
  run.tiers.reevaluate(card);
  return { kind: 'posted', row, entries: posted, lots, sale: saleRow(env, fact, lines) };
}

/**
 * Checks one fact of a run and moves the run's state as posting it would. A failed check rejects
 * it (its pending entries leave the pending sums); a fact the run does not post is left alone,
 * with the run's state untouched.
 */
export async function planFact(run: Run, row: FactRow): Promise<FactPlan> {
  // A sale whose loyalty part was refused at ingest is kept alone (loyaltyRejected.ts).
  if (!isPlainSale(row.body) || row.reason !== null) return { kind: 'alone', row };
  try {
    return await planSale(run, row);
  } catch (error) {
    if (!(error instanceof FactRejected)) throw error;
    // A sale whose loyalty part failed is kept, posted on its own (loyaltyRejected.ts).
    if (error instanceof LoyaltyRejected) return { kind: 'alone', row };
    run.ledger.dropPending(pendingOf(run, row));
    return { kind: 'rejected', row, reason: error.message };
  }
}

export function pendingOf(run: Run, row: FactRow): readonly KnownEntry[] {
  return run.data.pendingOfFact.get(row.id) ?? [];
}
