import { z } from 'zod';
import { DecimalAmount, Id } from '../domain/common';

/** The simulation output of CONTRACT.md ("Simulation format"): what the route answers. */

const Points = z.record(z.string(), z.number().int());
const LotTaken = z.object({ id: Id, points: z.number().int() });

const RewardErrorKind = z.enum(['notApplicable', 'notRedeemable', 'threshold', 'insufficient']);

export const AffordableRewardOutput = z.object({ id: Id, discount: DecimalAmount, points: Points });

export const AppliedRewardOutput = z.union([
  z.object({
    id: Id,
    discount: DecimalAmount,
    points: Points,
    lots: z.array(LotTaken),
    lines: z.array(z.object({ id: Id, discount: DecimalAmount, points: Points })),
  }),
  z.object({ error: RewardErrorKind }),
]);

export const SimulationBalance = z.object({
  available: z.number().int(),
  unvested: z.number().int(),
  expiring30: z.number().int(),
});

export const SimulationOutput = z.object({
  earned: Points,
  lines: z.array(z.object({ id: Id, earned: Points })),
  /** Which earning lines gave each sale line its points (before the cap), for "why" views. */
  lineRules: z.array(z.object({ id: Id, rules: Points })),
  rules: Points,
  cropped: Points,
  balance: z.record(z.string(), SimulationBalance),
  canCover: DecimalAmount,
  redeemed: z
    .union([
      z.object({ covered: DecimalAmount, points: Points, lots: z.array(LotTaken) }),
      z.object({ error: z.enum(['insufficient', 'threshold']) }),
    ])
    .optional(),
  /** Only with an `activity`: what awarding it gives, or why it gives nothing. */
  activity: z
    .union([
      z.object({ earned: Points, rules: Points, fromType: z.boolean() }),
      z.object({ error: z.literal('limit') }),
    ])
    .optional(),
  /** The rewards of `rewards` the card can afford for this basket. */
  rewards: z.array(AffordableRewardOutput),
  /** Only with `applyReward`: the discount per line, the points and lots spent, or why not. */
  reward: AppliedRewardOutput.optional(),
});
export type SimulationOutput = z.infer<typeof SimulationOutput>;
