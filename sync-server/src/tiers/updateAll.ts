import { evaluateTier, tierHeld, type TierRules } from '../../../shared/engine/tiers';
import type { Database, Session } from '../db/database';
import {
  activityFromWindowSums,
  applyTierChanges,
  windowsOf,
  type TierChange,
  type TierWindow,
} from './evaluate';
import { loadTiersByProgram, TIER_COUNTING_KINDS } from './rules';

export interface TierUpdateReport {
  readonly cards: number;
  readonly changed: number;
}

export interface TierUpdateOptions {
  readonly batchSize?: number;
  readonly progress?: (done: number, total: number) => Promise<void>;
}

interface CardRow {
  number: string;
  program_id: string;
  tier_id: string | null;
  valid_until_ms: number | null;
  held_until_ms: number | null;
}

const COUNTING = TIER_COUNTING_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * The sums of every window for a batch of cards, in one set-based statement: one column per
 * window, read through the ledger's card index.
 */
async function windowSums(
  tx: Session,
  numbers: readonly string[],
  windows: readonly TierWindow[],
  now: Date,
): Promise<Map<string, number[]>> {
  const params: unknown[] = [numbers, now.toISOString()];
  const columns = windows.map((w, i) => {
    params.push(w.rewardPoint, new Date(w.from).toISOString());
    const rp = `$${params.length - 1}`;
    const from = `$${params.length}::timestamptz`;
    return `coalesce(sum(points) filter (where reward_point_id = ${rp} and earned_at > ${from}), 0)::bigint as w${i}`;
  });
  const earliest = new Date(Math.min(...windows.map((w) => w.from))).toISOString();
  params.push(earliest, [...new Set(windows.map((w) => w.rewardPoint))]);
  const { rows } = await tx.query<Record<string, number | string>>(
    `select card_number, ${columns.join(', ')}
     from ledger_entries
     where card_number = any($1::text[]) and status = 'posted' and kind in (${COUNTING})
       and earned_at <= $2::timestamptz and earned_at > $${params.length - 1}::timestamptz
       and reward_point_id = any($${params.length}::text[])
     group by card_number`,
    params,
  );
  return new Map(
    rows.map((row) => [String(row.card_number), windows.map((_, i) => Number(row[`w${i}`]))]),
  );
}

async function updateBatch(
  tx: Session,
  after: string,
  batchSize: number,
  tiersByProgram: ReadonlyMap<string, TierRules[]>,
  windows: readonly TierWindow[],
  now: Date,
): Promise<{ last: string | null; cards: number; changed: number }> {
  // Locked in number order, as postings lock them, so the two never deadlock.
  const { rows } = await tx.query<CardRow>(
    `select number, program_id, tier_id,
            (extract(epoch from tier_valid_until) * 1000)::bigint as valid_until_ms,
            (extract(epoch from tier_held_until) * 1000)::bigint as held_until_ms
     from cards
     where number > $1 and status <> 'replaced' order by number limit $2 for update`,
    [after, batchSize],
  );
  if (rows.length === 0) return { last: null, cards: 0, changed: 0 };
  const sums =
    windows.length === 0
      ? new Map<string, number[]>()
      : await windowSums(
          tx,
          rows.map((r) => r.number),
          windows,
          now,
        );
  const changes: TierChange[] = [];
  for (const card of rows) {
    const tiers = tiersByProgram.get(card.program_id);
    if (!tiers || tiers.length === 0) continue;
    const heldUntil = card.held_until_ms === null ? null : Number(card.held_until_ms);
    if (tierHeld(heldUntil, now.getTime())) continue;
    const activity = activityFromWindowSums(windows, sums.get(card.number) ?? []);
    const standing = {
      tier: card.tier_id,
      validUntil: card.valid_until_ms === null ? null : Number(card.valid_until_ms),
    };
    const next = evaluateTier(tiers, standing, activity, now.getTime());
    if (next.changed)
      changes.push({
        cardNumber: card.number,
        tier: next.tier,
        validUntil: next.validUntil === null ? null : new Date(next.validUntil),
      });
  }
  await applyTierChanges(tx, changes, now);
  return {
    last: rows[rows.length - 1]?.number ?? null,
    cards: rows.length,
    changed: changes.length,
  };
}

/**
 * Re-evaluates every card's tier (the update-card-tiers job): cards in number order, a batch per
 * transaction, window sums pulled set-based per batch. Safe to repeat: it only writes standings
 * that differ from what the rules give now.
 */
export async function updateAllTiers(
  database: Database,
  now: Date,
  options: TierUpdateOptions = {},
): Promise<TierUpdateReport> {
  const batchSize = options.batchSize ?? 2000;
  const tiersByProgram = await loadTiersByProgram(database);
  const windows = windowsOf([...tiersByProgram.values()].flat(), now.getTime());
  const { rows } = await database.query<{ n: number }>(
    `select count(*)::bigint as n from cards where status <> 'replaced'`,
  );
  const total = Number(rows[0]?.n ?? 0);
  let after = '';
  let cards = 0;
  let changed = 0;
  for (;;) {
    const batch = await database.transaction((tx) =>
      updateBatch(tx, after, batchSize, tiersByProgram, windows, now),
    );
    if (batch.last === null) break;
    after = batch.last;
    cards += batch.cards;
    changed += batch.changed;
    await options.progress?.(cards, Math.max(total, cards));
  }
  return { cards, changed };
}
