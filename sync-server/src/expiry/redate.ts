import type { RewardPointRules } from '../../../shared/engine/model';
import type { Database, Session } from '../db/database';
import { rebuildCards } from '../ledger/fold';
import { readMark, writeMark } from './marks';

const UNIT_CODES = { day: 1, month: 2, year: 3 } as const;

/**
 * A whole number that changes whenever a reward point's expiry rule does: calculation in the
 * lowest bit, then the period (value and unit), 0 for no expiry.
 */
export function expiryFingerprint(rp: RewardPointRules): number {
  const period = rp.expiry === null ? 0 : rp.expiry.value * 4 + UNIT_CODES[rp.expiry.unit];
  return period * 2 + (rp.expiryCalculation === 'dynamic' ? 1 : 0);
}

const markName = (rewardPoint: string) => `expiry.rule.${rewardPoint}`;
const isDynamic = (fingerprint: number) => fingerprint % 2 === 1;

/**
 * The reward points whose lots must be re-dated: dynamic ones (now or at the last run) whose
 * expiry rule changed since the last run, or that were never seen.
 */
export async function changedDynamicRules(
  session: Session,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): Promise<string[]> {
  const changed: string[] = [];
  for (const rp of rewardPoints.values()) {
    const now = expiryFingerprint(rp);
    const before = await readMark(session, markName(rp.id));
    if (before === now) continue;
    if (isDynamic(now) || (before !== null && isDynamic(before))) changed.push(rp.id);
  }
  return changed;
}

/** Records the rules as seen, so the next run only re-dates what changes after this. */
export async function rememberExpiryRules(
  session: Session,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): Promise<void> {
  for (const rp of rewardPoints.values())
    await writeMark(session, markName(rp.id), expiryFingerprint(rp));
}

/**
 * Dynamic expiry (PRODUCT 4.4): when a dynamic reward point's period changes, the derived lots of
 * every card holding its points are rebuilt from the ledger, and the fold dates each lot with the
 * current period. Cards go a batch per transaction, locked as postings lock them; the rules are
 * remembered only when every card is done, so a crash midway re-dates again (harmlessly).
 */
export async function redateChangedLots(
  database: Database,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  batchSize = 200,
): Promise<number> {
  const changed = await changedDynamicRules(database, rewardPoints);
  let cards = 0;
  let after = '';
  while (changed.length > 0) {
    const { rows } = await database.query<{ card_number: string }>(
      `select distinct card_number from lots
       where reward_point_id = any($1::text[]) and card_number > $2
       order by card_number limit $3`,
      [changed, after, batchSize],
    );
    if (rows.length === 0) break;
    const numbers = rows.map((r) => r.card_number);
    await database.transaction(async (tx) => {
      await tx.query(
        `select number from cards where number = any($1::text[]) order by number for update`,
        [numbers],
      );
      await rebuildCards(tx, numbers, rewardPoints);
    });
    cards += numbers.length;
    after = numbers[numbers.length - 1] ?? after;
  }
  await rememberExpiryRules(database, rewardPoints);
  return cards;
}
