import type { Tier } from '../../../shared/domain/loyalty';
import type { TierRules } from '../../../shared/engine/tiers';
import type { Session } from '../db/database';
import { tiers } from '../db/schema';

/** Ledger entry kinds that count towards tiers: earnings, other activities, and their returns. */
export const TIER_COUNTING_KINDS = ['earn', 'activity', 'returnEarn'] as const;

export function toTierRules(tier: Pick<Tier, 'id' | 'level' | 'stay' | 'rules'>): TierRules {
  return {
    id: tier.id,
    level: tier.level,
    stay: tier.stay,
    rules: tier.rules.map((rule) => ({
      rewardPoint: rule.rewardPoint,
      minimum: rule.minimum,
      window: rule.window,
    })),
  };
}

/** Every program's tiers as the engine wants them, keyed by program id. */
export async function loadTiersByProgram(session: Session): Promise<Map<string, TierRules[]>> {
  const rows = await session.db.select().from(tiers);
  const result = new Map<string, TierRules[]>();
  for (const row of rows) {
    const list = result.get(row.programId) ?? [];
    list.push(toTierRules(row));
    result.set(row.programId, list);
  }
  return result;
}
