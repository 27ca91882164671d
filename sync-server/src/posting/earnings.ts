import { saleLine } from '../../../shared/domain/toEngine';
import { checkEarningClaims, preCapIncrease, type ClaimCheck } from '../../../shared/engine/sale';
import type { PointsByRewardPoint } from '../../../shared/engine/model';
import { parseAmount } from '../../../shared/units/money';
import type { SaleFact } from '../../../shared/protocol/sync';
import { entryFromDraft } from '../ledger/entries';
import type { EntryToPost } from '../ledger/post';
import type { PostingEnv } from './facts';
import type { CardRow, StoreRow } from './lookups';
import { preCapByLine } from './lineSplit';
import type { StoredSchemeVersion } from '../hq/schemeVersion';
import { acceptedStanding } from './standing';
import { reject } from './rejection';

/**
 * The scheme version the register stamped, if it could have earned with it: a version head office
 * made active (now or before it was superseded), valid when the points were earned, of the card's
 * program and assigned to the store. A draft never distributed earns nothing.
 */
async function stampedScheme(
  env: PostingEnv,
  stamp: { id: string; version: number },
  currency: string,
  card: CardRow,
  store: StoreRow,
): Promise<StoredSchemeVersion> {
  const { id, version } = stamp;
  const scheme = await env.master.schemeVersion(id, version, currency);
  if (!scheme) return reject(`scheme ${id} version ${version} is unknown`);
  if (!scheme.wasActive) reject(`scheme ${id} version ${version} was never active`);
  const at = env.origin.earnedAt;
  const early = scheme.validFrom !== null && at.getTime() < scheme.validFrom.getTime();
  const late = scheme.validTo !== null && at.getTime() >= scheme.validTo.getTime();
  if (early || late)
    reject(
      `scheme ${id} version ${version} is not valid at ${at.toISOString()}, when the points were earned`,
    );
  if (scheme.programId !== null && scheme.programId !== card.programId)
    reject(
      `scheme ${id} is of program ${scheme.programId}, card ${card.number} is of program ${card.programId}`,
    );
  if (scheme.stores.length > 0 && !scheme.stores.includes(store.id))
    reject(`scheme ${id} is not assigned to store ${store.id}`);
  return scheme;
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
 * Re-runs the engine under the scheme version the register stamped (PRODUCT 5) and refuses a claim
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
  if (receipt.scheme === null) reject('the sale earns points but names no scheme version');
  const scheme = await stampedScheme(env, receipt.scheme, receipt.currency, card, store);
  const negative = earns.find((e) => e.points < 0);
  if (negative) reject(`earn entry ${negative.id} has negative points`);

  const check = engineCheck(earns, {
    scheme: scheme.rules,
    rewardPoints: env.rewardPoints,
    card: await acceptedStanding(env, receipt.standing, card),
    lines: receipt.lines.map((line) => saleLine(line, receipt.currency)),
    paidWithPoints: paidWithPoints(receipt),
  });
  if (!check.ok) reject(`tampered points: ${check.reason}`);
  const expected = preCapIncrease(check.earning, scheme.rules);
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
  return { entries, preCapByLine: preCapByLine(check.earning, scheme.rules) };
}
