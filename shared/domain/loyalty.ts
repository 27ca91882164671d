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
import { WEEKDAYS } from '../units/localTime';

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
  /**
   * How many days before points expire the customer is warned (PRODUCT 4.7); null: the server's
   * default (EXPIRY_WARNING_DAYS). Absent: null.
   */
  expiryWarningDays: NonNegativeInt.max(366).nullable().optional(),
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
  /**
   * How many days before a card's stay in this tier ends the customer is warned (PRODUCT 4.5);
   * null: the server's default (EXPIRY_WARNING_DAYS). Absent: null.
   */
  expiryWarningDays: NonNegativeInt.max(366).nullable().optional(),
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

export const Weekday = z.enum(WEEKDAYS);

const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as "09:30"');

/** Hours in the store's time zone, `to` exclusive; `to` before `from` runs past midnight. */
export const HoursWindow = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .refine((h) => h.from !== h.to, { message: 'from and to must differ', path: ['to'] });

/**
 * What makes a scheme or an earning line a promotion (all optional: absent restricts nothing):
 * days of the week and hours in the store's time zone, and a minimum basket (the sale's net total).
 */
const promotionFields = {
  days: z.array(Weekday).min(1).nullish(),
  hours: HoursWindow.nullish(),
  minimumBasket: DecimalAmount.nullish(),
};

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
    validFrom: IsoInstant.nullish(),
    validTo: IsoInstant.nullish(),
    ...promotionFields,
    /** The line's points are multiplied by this ("double points"). */
    multiplier: PositiveInt.max(100).nullish(),
    /** Points given once per sale on top when the line's threshold is reached. */
    extraPoints: NonNegativeInt.nullish(),
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
  ...promotionFields,
});
export type Scheme = z.infer<typeof Scheme>;

/** A scheme's promotion fields on their own, as the server keeps them; null when it has none. */
export type SchemePromotion = Pick<Scheme, 'days' | 'hours' | 'minimumBasket'>;

export function promotionOf(scheme: SchemePromotion): SchemePromotion | null {
  const promotion: SchemePromotion = {
    ...(scheme.days ? { days: scheme.days } : {}),
    ...(scheme.hours ? { hours: scheme.hours } : {}),
    ...(scheme.minimumBasket ? { minimumBasket: scheme.minimumBasket } : {}),
  };
  return Object.keys(promotion).length > 0 ? promotion : null;
}

/** What a reward gives: one item of a product free, or an amount or percent off (`on: null`: the sale). */
export const RewardBenefit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('freeProduct'), product: Id }),
  z.object({ kind: z.literal('amountOff'), amount: DecimalAmount, on: Filter }),
  z.object({ kind: z.literal('percentOff'), percent: z.int().min(1).max(100), on: Filter }),
]);
export type RewardBenefit = z.infer<typeof RewardBenefit>;

/** A reward of head office's catalogue, priced in points of a redeemable reward point. */
export const Reward = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  rewardPoint: Id,
  points: PositiveInt,
  benefit: RewardBenefit,
  /** The most the discount may be; null: no maximum. */
  maximum: DecimalAmount.nullable().default(null),
  active: z.boolean().default(true),
});
export type Reward = z.infer<typeof Reward>;

/** A reward as stores receive it: with the version a sale that applies it names. */
export const DistributedReward = Reward.extend({ version: PositiveInt });
export type DistributedReward = z.infer<typeof DistributedReward>;
