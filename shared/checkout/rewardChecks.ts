import { saleLine } from '../domain/toEngine';
import type { RewardPointRules, RewardRules } from '../engine/model';
import { rewardSplit } from '../engine/rewards';
import type { SaleFact } from '../protocol/sync';
import { parseAmount } from '../units/money';

type Receipt = SaleFact['receipt'];
type Line = Receipt['lines'][number];

/** The line as it was before the reward: its net amount with the reward's discount added back. */
function beforeReward(line: Line, currency: string) {
  const engineLine = saleLine(line, currency);
  const discount = line.reward ? parseAmount(line.reward.discount, currency) : 0;
  return {
    ...engineLine,
    netAmount: (engineLine.netAmount + discount) as typeof engineLine.netAmount,
  };
}

function lineProblem(
  line: Line,
  expected: { discount: number; points: number },
  reward: RewardRules,
  currency: string,
): string | null {
  const discount = line.reward ? parseAmount(line.reward.discount, currency) : 0;
  if (discount !== expected.discount)
    return `line ${line.id}: reward ${reward.id} takes ${expected.discount} off it, the register took ${discount} (minor units)`;
  const points = line.reward?.points ?? {};
  const other = Object.keys(points).find((rp) => rp !== reward.rewardPoint && points[rp] !== 0);
  if (other) return `line ${line.id}: reward ${reward.id} is not priced in ${other}`;
  const claimed = points[reward.rewardPoint] ?? 0;
  if (claimed !== expected.points)
    return `line ${line.id}: its share of reward ${reward.id} is ${expected.points} ${reward.rewardPoint}, the register says ${claimed}`;
  if ((line.redeemed[reward.rewardPoint] ?? 0) < claimed)
    return `line ${line.id}: it redeemed fewer ${reward.rewardPoint} than its share of reward ${reward.id}`;
  return null;
}

/**
 * A receipt's reward checked like any redemption (issue 17): the reward as the store was sent it
 * (`reward`, null when the receipt names none or a version that never existed) gives exactly the
 * discount the lines took, and the lines carry exactly its price in points, split as the engine
 * splits it. The redeem entries taking those points are checked with the lines' redeemed points.
 */
export function rewardProblem(
  receipt: Receipt,
  reward: RewardRules | null,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): string | null {
  const named = receipt.reward;
  if (!named) {
    const line = receipt.lines.find((l) => l.reward !== undefined);
    return line ? `line ${line.id} carries a reward, the receipt names none` : null;
  }
  if (!reward) return `reward ${named.id} version ${named.version} was never sent to a store`;
  if (rewardPoints.get(reward.rewardPoint)?.redeemable !== true)
    return `reward ${reward.id} is priced in ${reward.rewardPoint}, which is not redeemable`;
  const lines = receipt.lines.map((line) => beforeReward(line, receipt.currency));
  const split = rewardSplit(reward, lines);
  if (split.every((line) => line.discount === 0))
    return `reward ${reward.id} gives nothing on this sale`;
  for (const [i, line] of receipt.lines.entries()) {
    const problem = lineProblem(
      line,
      split[i] ?? { discount: 0, points: 0 },
      reward,
      receipt.currency,
    );
    if (problem) return problem;
  }
  return null;
}
