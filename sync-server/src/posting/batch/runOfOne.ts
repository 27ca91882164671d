import type { Session } from '../../db/database';
import type { PostOutcome } from '../../ledger/post';
import type { CheckedFact, CheckedSale } from '../checked';
import { checkFact } from '../checkFact';
import { postingEnv, type FactRow } from '../facts';
import { postedLines } from '../lineSplit';
import { loyaltyPart, LoyaltyRejected, planKept } from '../loyaltyRejected';
import { mustOwnEntries } from '../ownEntries';
import { FactRejected } from '../rejection';
import { saleRow } from '../sale';
import type { FactPlan } from './factPlan';
import { pendingOf, type Run } from './planFact';
import { recordActivity } from './runTiers';
import { extendRun, startRun, type RunSettings } from './startRun';
import { writeRun } from './writeRun';

/** The receipt's lines as posted: a sale's with the points the server posted, a return's as sent. */
function linesOf(sale: CheckedSale, checked: CheckedFact, outcomes: readonly PostOutcome[]) {
  const { lines } = sale.fact.receipt;
  if (sale.preCap === null) return lines;
  return postedLines(lines, checked.entries, outcomes, sale.preCap);
}

/** The fact's pending entries the checks set aside, taken out of the run's pending sums. */
function setAside(run: Run, row: FactRow, checked: CheckedFact) {
  if (checked.setAside === null) return null;
  const { card, reason } = checked.setAside;
  const entries = pendingOf(run, row).filter((e) => e.cardNumber === card);
  run.ledger.dropPending(entries);
  return { ids: entries.map((e) => e.id), reason };
}

/** Moves the run's ledger and tiers by what the checks found, as one fact's plan. */
function planChecked(run: Run, row: FactRow, checked: CheckedFact): FactPlan {
  const aside = setAside(run, row, checked);
  const moved = run.ledger.post(checked.entries);
  recordActivity(run.tiers, moved.posted);
  const tierCard = checked.tierCard === null ? undefined : run.data.cards.get(checked.tierCard);
  if (tierCard) run.tiers.reevaluate(tierCard);
  const { sale } = checked;
  return {
    kind: 'posted',
    row,
    entries: moved.posted,
    lots: moved.lots,
    sale: sale && saleRow(sale.env, sale.fact, linesOf(sale, checked, moved.outcomes)),
    reviews: checked.reviews,
    own: checked.own,
    setAside: aside,
  };
}

function planRejected(run: Run, row: FactRow, reason: string): FactPlan {
  run.ledger.dropPending(pendingOf(run, row));
  return { kind: 'rejected', row, reason };
}

async function planRefused(run: Run, row: FactRow, refusal: FactRejected): Promise<FactPlan> {
  if (refusal instanceof LoyaltyRejected) return planKept(run, row, refusal.message);
  return planRejected(run, row, refusal.message);
}

/** Sets a fact aside as rejected with the reason, as a run of one (its pending entries with it). */
export async function rejectInRun(
  tx: Session,
  row: FactRow,
  reason: string,
  settings: RunSettings,
): Promise<void> {
  const run = await startRun(tx, [row], settings);
  await writeRun(run, [planRejected(run, row, reason)], settings.at);
}

/**
 * Posts one fact as a run of one inside `run`, after the run has written what it planned before
 * it: its type's planner reads what it needs fresh (and so sees the run's earlier writes), the run
 * loads what it has not loaded yet of the fact's entries and the cards they go to, plans the fact
 * and writes it through the same `writeRun`. A failed check undoes whatever the checks wrote (a
 * savepoint) and plans the fact refused instead.
 *
 * Returns the plan and whether the run can go on with the facts after it (its state is then what
 * the database holds for its cards): not after a fact that wrote its own rows (a card, a customer,
 * which card rows the run holds may show), nor after a refusal once the fact was being planned in
 * the run (the savepoint undid what the run had moved); such a refusal is planned in a run of its
 * own.
 */
export async function postRunOfOne(
  tx: Session,
  run: Run,
  row: FactRow,
  settings: RunSettings,
): Promise<{ plan: FactPlan; runGoesOn: boolean }> {
  await tx.query('savepoint run_of_one');
  let plan: FactPlan;
  let runGoesOn: boolean;
  let planning = false;
  try {
    const { env, fact } = postingEnv(tx, row, settings.rewardPoints, settings.master.use(tx));
    const checked = await checkFact(env, fact, settings.at, settings.authority);
    planning = true;
    await extendRun(run, row, settings, {
      cards: [
        ...checked.entries.map((e) => e.cardNumber),
        ...(checked.tierCard === null ? [] : [checked.tierCard]),
      ],
      entries: checked.entries.map((e) => e.id),
    });
    // A spend may name an online reservation's entries: its own checks (spends.ts) answer for it.
    const earnings = checked.entries.filter((e) => e.kind !== 'redeem');
    if (checked.sale) await loyaltyPart(async () => mustOwnEntries(run.ledger, row.id, earnings));
    plan = planChecked(run, row, checked);
    await writeRun(run, [plan], settings.at);
    runGoesOn = checked.own === null;
  } catch (error) {
    if (!(error instanceof FactRejected)) throw error;
    await tx.query('rollback to savepoint run_of_one');
    let refusedIn = run;
    if (planning) refusedIn = await startRun(tx, [row], settings);
    else await extendRun(run, row, settings);
    plan = await planRefused(refusedIn, row, error);
    await writeRun(refusedIn, [plan], settings.at);
    runGoesOn = !planning;
  }
  await tx.query('release savepoint run_of_one');
  return { plan, runGoesOn };
}
