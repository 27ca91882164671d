import { rewardRules } from '../domain/toEngine';
import type { Lot, RewardPointRules, SaleLine } from '../engine/model';
import {
  affordableRewards,
  applyReward,
  discountedLines,
  lotsAfter,
  type RewardError,
} from '../engine/rewards';
import type { Instant } from '../units/time';
import { formatAmount } from '../units/money';
import type { SimulationInput } from './input';

export interface AffordableRewardOutput {
  id: string;
  discount: string;
  points: Record<string, number>;
}

export type AppliedRewardOutput =
  | {
      id: string;
      discount: string;
      points: Record<string, number>;
      lots: { id: string; points: number }[];
      lines: { id: string; discount: string; points: Record<string, number> }[];
    }
  | { error: RewardError };

export interface SimulatedRewards {
  affordable: AffordableRewardOutput[];
  applied?: AppliedRewardOutput;
  /** The basket and the lots after the applied reward: what a points tender and earning see. */
  lines: SaleLine[];
  lots: Lot[];
}

/** The simulation's reward part: what the card can afford, and what applying one does. */
export function simulateRewards(
  input: Pick<SimulationInput, 'rewards' | 'applyReward' | 'currency'>,
  engine: {
    rewardPoints: ReadonlyMap<string, RewardPointRules>;
    lots: Lot[];
    lines: SaleLine[];
    at: Instant;
  },
): SimulatedRewards {
  const { currency } = input;
  const rewards = input.rewards.map((reward) => rewardRules(reward, currency));
  const affordable = affordableRewards(
    rewards.filter((_, i) => input.rewards[i]?.active !== false),
    engine,
  ).map(({ reward, discount }) => ({
    id: reward.id,
    discount: formatAmount(discount, currency),
    points: { [reward.rewardPoint]: reward.points },
  }));
  const chosen = rewards.find((reward) => reward.id === input.applyReward);
  if (!chosen) return { affordable, lines: engine.lines, lots: engine.lots };
  const result = applyReward(chosen, engine);
  if (!result.ok)
    return { affordable, applied: { error: result.error }, lines: engine.lines, lots: engine.lots };
  return {
    affordable,
    applied: {
      id: result.reward,
      discount: formatAmount(result.discount, currency),
      points: { [result.rewardPoint]: result.points },
      lots: result.lots.map(({ id, points }) => ({ id, points })),
      lines: result.lines.map((line) => ({
        id: line.id,
        discount: formatAmount(line.discount, currency),
        points: { [result.rewardPoint]: line.points },
      })),
    },
    lines: discountedLines(engine.lines, result),
    lots: lotsAfter(engine.lots, result.lots),
  };
}
