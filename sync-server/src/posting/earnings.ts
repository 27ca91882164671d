import { saleLine } from '../../../shared/domain/toEngine';
import { whyNotApplying } from '../../../shared/checkout/scheme';
import { earningLineIndex, preCapByLine } from '../../../shared/engine/earning';
import { checkEarningClaims, preCapIncrease, type ClaimCheck } from '../../../shared/engine/sale';
import type { PointsByRewardPoint, SchemeRules } from '../../../shared/engine/model';
import { parseAmount } from '../../../shared/units/money';
import {
  stampedSchemes as stampsOf,
  type EntryDraft,
  type SaleFact,
  type SchemeStamp,
} from '../../../shared/protocol/sync';
import { entryFromDraft } from '../ledger/entries';
import type { EntryToPost } from '../ledger/post';
import type { PostingEnv } from './facts';
import type { CardRow, StoreRow } from './lookups';
import type { StoredSchemeVersion } from '../hq/schemeVersion';
import { acceptedStanding } from './standing';
import { reject } from './rejection';

/**
 * The scheme versions the register stamped, if it could have earned with them: each a version head
 * office made active (now or before it was superseded), and together exactly those of them that
 * apply to the card at the store when the points were earned (`schemesThatApply`, the register's
 * own choice). A draft never distributed earns nothing.
 */
async function stampedSchemes(
  env: PostingEnv,
  stamps: readonly SchemeStamp[],
  currency: string,
  card: CardRow,
  store: StoreRow,
): Promise<StoredSchemeVersion[]> {
  const found: StoredSchemeVersion[] = [];
  for (const { id, version } of stamps) {
    if (found.some((s) => s.rules.id === id)) reject(`the sale names scheme ${id} more than once`);
    const scheme = await env.master.schemeVersion(id, version, currency);
    if (!scheme) return reject(`scheme ${id} version ${version} is unknown`);
    if (!scheme.wasActive) reject(`scheme ${id} version ${version} was never active`);
    found.push(scheme);
  }
  const setting = { store: store.id, program: card.programId };
  const when = { at: env.origin.earnedAt.getTime(), timeZone: store.timeZone };
  for (const scheme of found) {
    const why = whyNotApplying(scheme.wire, setting, when);
    if (why) reject(`${why}, when the points were earned`);
  }
  return found;
}

function paidWithPoints(receipt: SaleFact['receipt']): Map<string, number> {
  const paid = new Map<string, number>();
  for (const line of receipt.lines) {
    if (line.paidWithPoints === undefined) continue;
    const amount = parseAmount(line.paidWithPoints, receipt.currency);
    if (amount > parseAmount(line.netAmount, receipt.currency))
      reject(`line ${line.id}: paid with points is more than its net amount`);
    paid.set(line.id, amount);
  }
  return paid;
}

/** An earn entry that names its scheme version must hold only that version's earning lines. */
function checkEntrySchemes(earns: readonly EntryDraft[], schemes: readonly SchemeRules[]): void {
  const lines = earningLineIndex(schemes);
  for (const entry of earns) {
    if (!entry.scheme) continue;
    const { id, version } = entry.scheme;
    if (!schemes.some((s) => s.id === id && s.version === version))
      reject(
        `earn entry ${entry.id} names scheme ${id} version ${version}, which the sale does not`,
      );
    for (const rule of Object.keys(entry.rules)) {
      if (lines.get(rule)?.scheme.id !== id)
        reject(`earn entry ${entry.id}: earning line ${rule} is not a line of scheme ${id}`);
    }
  }
}

function sumByRewardPoint(entries: readonly { rewardPoint: string; points: number }[]) {
  const result: Record<string, number> = {};
  for (const e of entries) result[e.rewardPoint] = (result[e.rewardPoint] ?? 0) + e.points;
  return result;
}

export interface CheckedEarnings {
  /** The earn entries with their points before the cap, which posting applies. */
  readonly entries: EntryToPost[];
  /** Each receipt line's points before the cap, per reward point, as the server computes them. */
  readonly preCapByLine: PointsByRewardPoint[];
}

/** The engine is pure: an error it throws on this receipt would throw on every retry. */
function engineCheck(...args: Parameters<typeof checkEarningClaims>): ClaimCheck {
  try {
    return checkEarningClaims(...args);
  } catch (error) {
    return reject(`the engine cannot compute this sale: ${(error as Error).message}`);
  }
}

/**
 * Re-runs the engine under the scheme versions the register stamped (PRODUCT 5) and refuses a claim
 * it does not reproduce: per earning line, and in total per reward point before the cap. A sale
 * that claims nothing is not checked: earning less than the scheme gives favours no one. The
 * entries are returned with their points before the cap, which the posting step applies against
 * the posted balance the register could not know.
 */
export async function checkedEarnings(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
  store: StoreRow,
): Promise<CheckedEarnings> {
  const { receipt } = fact;
  const earns = receipt.entries.filter((e) => e.kind === 'earn');
  if (earns.length === 0) return { entries: [], preCapByLine: receipt.lines.map(() => ({})) };
  if (receipt.offline && !store.profile.offlineEarning)
    reject(`store ${store.id} does not allow earning offline`);
  const stamps = stampsOf(receipt);
  if (stamps.length === 0) reject('the sale earns points but names no scheme version');
  const schemes = (await stampedSchemes(env, stamps, receipt.currency, card, store)).map(
    (s) => s.rules,
  );
  const negative = earns.find((e) => e.points < 0);
  if (negative) reject(`earn entry ${negative.id} has negative points`);
  checkEntrySchemes(earns, schemes);

  const check = engineCheck(earns, {
    schemes,
    rewardPoints: env.rewardPoints,
    card: await acceptedStanding(env, receipt.standing, card),
    lines: receipt.lines.map((line) => saleLine(line, receipt.currency)),
    paidWithPoints: paidWithPoints(receipt),
    when: { at: env.origin.earnedAt.getTime(), timeZone: store.timeZone },
  });
  if (!check.ok) reject(`tampered points: ${check.reason}`);
  const expected = preCapIncrease(check.earning, schemes);
  const claimed = sumByRewardPoint(
    earns.map((e) => ({ rewardPoint: e.rewardPoint, points: e.points + e.cropped })),
  );
  for (const rp of new Set([...Object.keys(expected), ...Object.keys(claimed)])) {
    if ((claimed[rp] ?? 0) !== (expected[rp] ?? 0))
      reject(
        `tampered points: the register claimed ${claimed[rp] ?? 0} ${rp} before the cap, the scheme gives ${expected[rp] ?? 0}`,
      );
  }
  const entries = earns.map((draft) => ({
    ...entryFromDraft(draft, env.origin),
    points: draft.points + draft.cropped,
    cropped: 0,
  }));
  return { entries, preCapByLine: preCapByLine(check.earning, schemes) };
}
