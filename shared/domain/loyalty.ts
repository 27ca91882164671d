import { z } from 'zod';
import {
  CurrencyCode,
  DecimalAmount,
  Filter,
  Id,
  Int,
  IsoInstant,
  NonNegativeInt,
  Period,
  PositiveInt,
} from './common';

/** Head office's loyalty master data as it travels over the wire (decimal strings, ISO instants). */
export const RewardPointType = z.enum(['quantity', 'amount']);

export const RewardPoint = z.object({
  id: Id,
  name: z.string().min(1).max(200).optional(),
  type: RewardPointType,
  currency: CurrencyCode.optional(),
  redeemable: z.boolean(),
  redeemRanking: Int,
  redemptionThreshold: NonNegativeInt.nullable(),
  maxPerCard: NonNegativeInt.nullable(),
  expiry: Period.nullable().default(null),
  expiryCalculation: z.enum(['static', 'dynamic']).default('static'),
  vesting: Period.nullable().default(null),
});
export type RewardPoint = z.infer<typeof RewardPoint>;

export const TierRule = z.object({
  id: Id,
  rewardPoint: Id,
  minimum: NonNegativeInt,
  window: Period,
});

export const Tier = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  level: NonNegativeInt,
  stay: Period.nullable(),
  discount: z
    .object({ percent: z.int().min(0).max(100), category: Id.nullable() })
    .nullable()
    .default(null),
  rules: z.array(TierRule),
});
export type Tier = z.infer<typeof Tier>;

export const Program = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  tiers: z.array(Tier).min(1),
});
export type Program = z.infer<typeof Program>;

export const SALES_ACTIVITIES = ['salesAmount', 'salesQuantity', 'transactionCount'] as const;
const OTHER_ACTIVITY = /^otherActivity:[A-Za-z0-9_.-]+$/;
export const Activity = z
  .string()
  .refine(
    (a) => (SALES_ACTIVITIES as readonly string[]).includes(a) || OTHER_ACTIVITY.test(a),
    'expected salesAmount, salesQuantity, transactionCount or otherActivity:<type>',
  );
export type Activity = z.infer<typeof Activity>;

export const EarningLine = z
  .object({
    id: Id,
    tier: Id.nullable(),
    affiliation: Id.nullable(),
    activity: Activity,
    filter: Filter,
    per: z.union([DecimalAmount, PositiveInt]),
    rewardPoint: Id,
    points: NonNegativeInt,
  })
  .superRefine((line, ctx) => {
    if (line.activity === 'salesAmount' && typeof line.per !== 'string') {
      ctx.addIssue({
        code: 'custom',
        path: ['per'],
        message: 'salesAmount needs "per" as a decimal amount such as "1.00"',
      });
    }
    if (line.activity !== 'salesAmount' && typeof line.per !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['per'],
        message: `${line.activity} needs "per" as a whole number`,
      });
    }
  });
export type EarningLine = z.infer<typeof EarningLine>;

export const RedemptionLine = z.object({
  id: Id,
  tier: Id.nullable(),
  affiliation: Id.nullable(),
  filter: Filter,
  rewardPoint: Id,
  points: PositiveInt,
  amount: DecimalAmount,
  validFrom: IsoInstant.nullable().default(null),
  validTo: IsoInstant.nullable().default(null),
});
export type RedemptionLine = z.infer<typeof RedemptionLine>;

export const Scheme = z.object({
  id: Id,
  version: PositiveInt,
  name: z.string().max(200).optional(),
  program: Id.nullable().default(null),
  validFrom: IsoInstant.nullable().default(null),
  validTo: IsoInstant.nullable().default(null),
  stores: z.array(Id).default([]),
  earning: z.array(EarningLine),
  redemption: z.array(RedemptionLine),
  excludedAffiliations: z.array(Id),
});
export type Scheme = z.infer<typeof Scheme>;
