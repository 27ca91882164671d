import type { Session } from '../../db/database';
import type { FactRow } from '../facts';
import type { FactOutcome } from '../outcome';
import type { FactPlan } from './factPlan';
import { planFact, type Run } from './planFact';
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
 * Posts the pending facts among `ids` that no other runner holds, in their order, in the caller's
 * transaction: every posting is a run, one fact is a run of one. The run loads what the facts read
 * of the cards their receipts name, for all of them at once (a handful of statements), and plans
 * the plain sales from that; a fact it cannot plan from that is posted as a run of one inside it,
 * after what came before it is written: its checks read fresh, the run loads that fact's entries
 * and only the cards it has not loaded, and the run goes on from what the fact moved. After a fact
 * that wrote rows of its own (a card, a customer) the facts left are loaded afresh. Every plan is
 * written by `writeRun`.
 */
export async function postRun(
  tx: Session,
  ids: readonly string[],
  settings: RunSettings,
): Promise<FactOutcome[]> {
  let rows = await lockRunFacts(tx, ids);
  const outcomes: FactOutcome[] = [];
  let run: Run | null = null;
  while (rows.length > 0) {
    // The cards every fact left names on its receipt: most other facts then load none of their own.
    run ??= await startRun(tx, rows, settings);
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
    // Written before the fact it stopped at: that fact's checks see them.
    if (plans.length > 0) await writeRun(run, plans, settings.at);
    outcomes.push(...plans.map(outcomeOf));
    rows = rows.slice(plans.length);
    if (stoppedAt === null) continue;
    const one = await postRunOfOne(tx, run, stoppedAt, settings);
    outcomes.push(outcomeOf(one.plan));
    if (!one.runGoesOn) run = null;
    rows = rows.slice(1);
  }
  return outcomes;
}
