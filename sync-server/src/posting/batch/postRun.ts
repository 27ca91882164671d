import type { Session } from '../../db/database';
import type { FactRow } from '../facts';
import type { FactOutcome } from '../outcome';
import type { FactPlan } from './factPlan';
import { mayPlanLoaded, planFact } from './planFact';
import { lockRunFacts } from './runData';
import { postRunOfOne } from './runOfOne';
import { startRun, type RunSettings } from './startRun';
import { writeRun } from './writeRun';

export type { RunSettings } from './startRun';

function outcomeOf(plan: FactPlan): FactOutcome {
  const { id, registerId: register } = plan.row;
  switch (plan.kind) {
    case 'posted':
      return { id, register, status: 'posted', reviews: plan.reviews };
    case 'kept':
      return {
        id,
        register,
        status: 'loyaltyRejected',
        reason: plan.reason,
        reviews: [plan.review],
      };
    case 'rejected':
      return { id, register, status: 'rejected', reason: plan.reason, reviews: [] };
  }
}

/**
 * Plans the facts from what one load read, in order, until a fact it cannot plan from that; writes
 * what it planned. Returns the plans and the fact it stopped at, if any.
 */
async function planLoaded(
  tx: Session,
  rows: readonly FactRow[],
  settings: RunSettings,
): Promise<{ plans: FactPlan[]; stoppedAt: FactRow | null }> {
  const run = await startRun(tx, rows, settings);
  const plans: FactPlan[] = [];
  let stoppedAt: FactRow | null = null;
  for (const row of rows) {
    const plan = await planFact(run, row);
    if (plan === null) {
      stoppedAt = row;
      break;
    }
    plans.push(plan);
  }
  await writeRun(run, plans, settings.at);
  return { plans, stoppedAt };
}

/**
 * Posts the pending facts among `ids` that no other runner holds, in their order, in the caller's
 * transaction: every posting is a run, one fact is a run of one. Plain sales are planned from what
 * the run loads for all of them at once (a handful of statements); a fact the run cannot plan from
 * that is posted as a run of one after what came before it is written, and the run goes on with
 * what it loads afresh. Every plan is written by `writeRun`.
 */
export async function postRun(
  tx: Session,
  ids: readonly string[],
  settings: RunSettings,
): Promise<FactOutcome[]> {
  let rows = await lockRunFacts(tx, ids);
  const outcomes: FactOutcome[] = [];
  while (rows.length > 0) {
    // Only the plain sales up to the next other fact are loaded for: that fact sees them written.
    const plain = rows.findIndex((row) => !mayPlanLoaded(row));
    const loadable = plain === -1 ? rows : rows.slice(0, plain);
    const { plans, stoppedAt } =
      loadable.length > 0
        ? await planLoaded(tx, loadable, settings)
        : { plans: [], stoppedAt: rows[0] ?? null };
    outcomes.push(...plans.map(outcomeOf));
    rows = rows.slice(plans.length);
    if (stoppedAt === null) continue;
    outcomes.push(outcomeOf(await postRunOfOne(tx, stoppedAt, settings)));
    rows = rows.slice(1);
  }
  return outcomes;
}
