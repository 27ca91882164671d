import type { RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { rewardPoints } from '../db/schema';

/** The reward points' rules as the engine wants them, keyed by id. */
export async function loadRewardPoints(session: Session): Promise<Map<string, RewardPointRules>> {
  const rows = await session.db.select().from(rewardPoints);
  return new Map(
    rows.map((rp) => [
      rp.id,
      {
        id: rp.id,
        type: rp.type,
        redeemable: rp.redeemable,
        redeemRanking: rp.redeemRanking,
        redemptionThreshold: rp.redemptionThreshold,
        maxPerCard: rp.maxPerCard,
        expiry: rp.expiry ?? null,
        expiryCalculation: rp.expiryCalculation,
        vesting: rp.vesting ?? null,
      },
    ]),
  );
}
