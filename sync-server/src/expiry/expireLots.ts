import type { RewardPointRules } from '../../../shared/engine/model';
import type { Database } from '../db/database';
import { postEntries, type EntryToPost } from '../ledger/post';
import { expiryEntryId } from './lotKeys';

export interface ExpiryReport {
  readonly lots: number;
  readonly posted: number;
  readonly points: number;
}

interface DueLot {
  entry_id: string;
  card_number: string;
  reward_point_id: string;
  remaining: number;
  expires_ms: number;
}

/**
 * Posts an `expire` entry for what remains of every lot whose expiry has passed (PRODUCT 4.4), a
 * batch of lots per transaction. Each entry records the lot it empties, so the fold takes exactly
 * that lot's remainder and a balance never goes below zero by expiring.
 */
export async function expireDueLots(
  database: Database,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  now: Date,
  options: { batchSize?: number; progress?: (done: number) => Promise<void> } = {},
): Promise<ExpiryReport> {
  const batchSize = options.batchSize ?? 500;
  let after = { card: '', entry: '00000000-0000-0000-0000-000000000000' };
  let lots = 0;
  let posted = 0;
  let points = 0;
  for (;;) {
    const { rows } = await database.query<DueLot>(
      `select entry_id::text, card_number, reward_point_id, remaining,
              (extract(epoch from expires_at) * 1000)::bigint as expires_ms
       from lots
       where remaining > 0 and expires_at is not null and expires_at <= $1::timestamptz
         and (card_number, entry_id) > ($2, $3::uuid)
       order by card_number, entry_id
       limit $4`,
      [now.toISOString(), after.card, after.entry, batchSize],
    );
    const last = rows[rows.length - 1];
    if (!last) break;
    after = { card: last.card_number, entry: last.entry_id };
    const entries: EntryToPost[] = rows.map((lot) => ({
      id: expiryEntryId(lot.entry_id),
      cardNumber: lot.card_number,
      rewardPointId: lot.reward_point_id,
      kind: 'expire',
      points: -lot.remaining,
      earnedAt: new Date(Math.min(Number(lot.expires_ms), now.getTime())),
      origin: 'online',
      lots: [{ id: lot.entry_id, points: lot.remaining }],
      comment: 'points expired',
    }));
    const outcomes = await database.transaction((tx) =>
      postEntries(tx, entries, rewardPoints, now),
    );
    lots += rows.length;
    outcomes.forEach((outcome) => {
      if (outcome.status !== 'posted') return;
      posted += 1;
      points -= outcome.points;
    });
    await options.progress?.(lots);
  }
  return { lots, posted, points };
}
