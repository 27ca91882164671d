import { toTierRules } from '../../../shared/domain/toEngine';
import type { TierRules } from '../../../shared/engine/tiers';
import type { Session } from '../db/database';
import { tiers } from '../db/schema';

/** Kept here for the server's callers; the rules themselves live in shared/. */
export { TIER_COUNTING_KINDS } from '../../../shared/engine/tiers';
export { toTierRules };

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
