import type { z } from 'zod';
import { applyReward } from '../../../shared/engine/rewards';
import type { Lot, RewardPointRules, SaleLine } from '../../../shared/engine/model';
import type { ReserveRequest } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import { conflict } from '../errors';
import { rewardVersion } from '../hq/rewards';

type RewardRequest = NonNullable<z.infer<typeof ReserveRequest>['reward']>;

/** What a reservation takes from the card: the amount it covers and the points from which lots. */
export type Spend =
  | {
      readonly ok: true;
      readonly covered: number;
      readonly points: Record<string, number>;
      readonly lots: readonly { id: string; points: number; rewardPoint: string }[];
    }
  | { readonly ok: false; readonly error: 'insufficient' | 'threshold'; readonly canCover: number };

/**
 * A reward of the catalogue reserved online (issue 17): the version the register names, applied
 * by the engine to the lines it sent with the card's lots. Its discount must be the one the
 * register worked out (`amount`); a reward that gives nothing on these lines is refused.
 */
export async function rewardSpend(
  tx: Session,
  currency: string,
  named: RewardRequest,
  amount: number,
  input: {
    rewardPoints: ReadonlyMap<string, RewardPointRules>;
    lots: readonly Lot[];
    lines: readonly SaleLine[];
    at: number;
  },
): Promise<Spend> {
  const reward = await rewardVersion(tx, named.id, named.version, currency);
  if (!reward)
    throw conflict('unknownReward', `reward ${named.id} version ${named.version} is unknown`);
  const applied = applyReward(reward, input);
  if (!applied.ok) {
    if (applied.error === 'insufficient' || applied.error === 'threshold')
      return { ok: false, error: applied.error, canCover: 0 };
    throw conflict('rewardNotApplicable', `reward ${reward.id} gives nothing on this sale`);
  }
  if (applied.discount !== amount)
    throw conflict(
      'rewardDiscount',
      `reward ${reward.id} takes ${applied.discount} off this sale, the register asked for ${amount} (minor units)`,
    );
  return {
    ok: true,
    covered: applied.discount,
    points: { [applied.rewardPoint]: applied.points },
    lots: applied.lots.map((lot) => ({ ...lot, rewardPoint: applied.rewardPoint })),
  };
}
