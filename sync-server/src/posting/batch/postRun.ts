import type { RewardPointRules } from '../../../../shared/engine/model';
import type { TierRules } from '../../../../shared/engine/tiers';
import type { Session } from '../../db/database';
import type { TierWindow } from '../../tiers/evaluate';
import type { FactOutcome } from '../postFact';
import type { RunMasterData } from '../masterData';
import { RunLedger } from '../../ledger/runLedger';
import { planFact, type FactPlan, type Run } from './planFact';
import { loadRunData, lockRunFacts } from './runData';
import { RunTiers } from './runTiers';
import { writeRun } from './writeRun';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunSettings {
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly master: RunMasterData;
  readonly tierRules: ReadonlyMap<string, TierRules[]>;
  readonly windows: readonly TierWindow[];
  readonly at: Date;
}

export interface RunResult {
  readonly outcomes: FactOutcome[];
  /** The first fact to post on its own, or null when the run went through all of `ids`. */
  readonly alone: string | null;
}

/**
 * Card numbers and entry ids the sales name, read without parsing (the checks parse each fact):
 * what to load for the run. A malformed body names nothing and is rejected by its checks.
 */
function namedInFacts(bodies: readonly unknown[]): { cards: string[]; entries: string[] } {
  const cards = new Set<string>();
  const entries: string[] = [];
  for (const body of bodies) {
    const receipt = (body as { receipt?: { card?: unknown; entries?: unknown } } | null)?.receipt;
    if (!receipt) continue;
    if (typeof receipt.card === 'string') cards.add(receipt.card);
    if (!Array.isArray(receipt.entries)) continue;
    for (const entry of receipt.entries as { id?: unknown }[])
      if (typeof entry?.id === 'string' && UUID.test(entry.id)) entries.push(entry.id);
  }
  return { cards: [...cards], entries };
}

const outcomeOf = (plan: FactPlan): FactOutcome | null => {
  if (plan.kind === 'posted')
    return { id: plan.row.id, register: plan.row.registerId, status: 'posted', reviews: [] };
  if (plan.kind === 'rejected')
    return {
      id: plan.row.id,
      register: plan.row.registerId,
      status: 'rejected',
      reason: plan.reason,
      reviews: [],
    };
  return null;
};

/**
 * Posts the pending facts among `ids`, in their order, in one transaction with a handful of
 * statements, until a fact that must be posted on its own: the same checks and engine as a fact
 * posted alone, with what they read loaded for all the facts at once.
 */
export async function postRun(
  tx: Session,
  ids: readonly string[],
  settings: RunSettings,
): Promise<RunResult> {
  const rows = await lockRunFacts(tx, ids);
  const named = namedInFacts(rows.map((r) => r.body));
  const data = await loadRunData(tx, rows, named.cards, named.entries, {
    windows: settings.windows,
    now: settings.at,
  });
  const run: Run = {
    tx,
    rewardPoints: settings.rewardPoints,
    master: settings.master.use(tx),
    data,
    ledger: new RunLedger(data, settings.rewardPoints),
    tiers: new RunTiers(settings.tierRules, settings.windows, data.windowSums, settings.at),
  };
  const plans: FactPlan[] = [];
  let alone: string | null = null;
  for (const row of rows) {
    const plan = await planFact(run, row);
    if (plan.kind === 'alone') {
      alone = row.id;
      break;
    }
    plans.push(plan);
  }
  await writeRun(run, plans, settings.at);
  return { outcomes: plans.flatMap((p) => outcomeOf(p) ?? []), alone };
}
