import type { RewardPointRules } from '../../../../shared/engine/model';
import type { TierRules } from '../../../../shared/engine/tiers';
import type { Session } from '../../db/database';
import { windowsOf, type TierWindow } from '../../tiers/evaluate';
import { loadTiersByProgram } from '../../tiers/rules';
import { loadRewardPoints } from '../../ledger/rewardPoints';
import type { PostingAuthority } from '../authority';
import type { FactRow } from '../facts';
import { RunMasterData } from '../masterData';
import type { Run } from './planFact';
import { extendRunData, loadRunData } from './runData';
import { RunLedger } from '../../ledger/runLedger';
import { RunTiers } from './runTiers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunSettings {
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly master: RunMasterData;
  readonly tierRules: ReadonlyMap<string, TierRules[]>;
  readonly windows: readonly TierWindow[];
  readonly at: Date;
  /** What a fact that needs a manager's approval may post (posting/authority.ts). */
  readonly authority: PostingAuthority;
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

/**
 * Loads what a run of `rows` reads, as the database stands now in `tx` (the cards locked), and
 * starts its ledger and tiers from it. `also` names cards and entries the checks found beyond what
 * the facts' receipts name (a ledger entry's card, the card that replaced a returned sale's).
 */
export async function startRun(
  tx: Session,
  rows: readonly FactRow[],
  settings: RunSettings,
  also: { readonly cards: readonly string[]; readonly entries: readonly string[] } = {
    cards: [],
    entries: [],
  },
): Promise<Run> {
  const named = namedInFacts(rows.map((r) => r.body));
  const data = await loadRunData(
    tx,
    rows,
    [...named.cards, ...also.cards],
    [...named.entries, ...also.entries],
    { windows: settings.windows, now: settings.at },
  );
  return {
    tx,
    rewardPoints: settings.rewardPoints,
    master: settings.master.use(tx),
    authority: settings.authority,
    data,
    ledger: new RunLedger(data, settings.rewardPoints),
    tiers: new RunTiers(settings.tierRules, settings.windows, data.windowSums, settings.at),
  };
}

/**
 * Makes `run` ready to plan one more fact, `row`, that it did not load for (a run of one): loads
 * its entries and the cards it names, or that `also` names, which the run has not loaded yet. The
 * run must be written up to here (`writeRun`), so what the fact's checks read fresh and what the
 * run holds agree.
 */
export async function extendRun(
  run: Run,
  row: FactRow,
  settings: RunSettings,
  also: { readonly cards: readonly string[]; readonly entries: readonly string[] } = {
    cards: [],
    entries: [],
  },
): Promise<void> {
  const named = namedInFacts([row.body]);
  await extendRunData(
    run.tx,
    run.data,
    row,
    [...named.cards, ...also.cards],
    [...named.entries, ...also.entries],
    { windows: settings.windows, now: settings.at },
  );
}

/** Settings for runs posted at `at` under `authority`, read in `session`. */
export async function loadRunSettings(
  session: Session,
  at: Date,
  authority: PostingAuthority,
): Promise<RunSettings> {
  const tierRules = await loadTiersByProgram(session);
  return {
    rewardPoints: await loadRewardPoints(session),
    master: new RunMasterData(),
    tierRules,
    windows: windowsOf([...tierRules.values()].flat(), at.getTime()),
    at,
    authority,
  };
}
