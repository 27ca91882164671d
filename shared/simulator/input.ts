import { z } from 'zod';
import {
  CurrencyCode,
  DecimalAmount,
  Id,
  IsoInstant,
  NonNegativeInt,
  PositiveInt,
  VatRate,
} from '../domain/common';
import { Reward, RewardPoint, Scheme } from '../domain/loyalty';
import { isTimeZone } from '../units/localTime';

/** The simulation input of CONTRACT.md: one sale under one scheme or several, for one card. */
export const SimulationLot = z.object({
  id: Id,
  rewardPoint: Id,
  remaining: NonNegativeInt,
  earnedAt: IsoInstant.nullable().default(null),
  vestsAt: IsoInstant.nullable(),
  expiresAt: IsoInstant.nullable(),
});

export const SimulationSaleLine = z.object({
  id: Id,
  product: Id,
  category: Id,
  quantity: PositiveInt,
  netAmount: DecimalAmount,
  /** The VAT rate (basis points) the amount includes; absent: the amount is before tax. */
  vatRate: VatRate.optional(),
});

/**
 * An other activity awarded to the card: the type's own points (used when no scheme has a line for
 * it), its per-customer limit and how often the customer has had it already.
 */
export const SimulationActivity = z.object({
  type: Id,
  rewardPoint: Id,
  points: NonNegativeInt,
  perCustomerLimit: PositiveInt.nullable().default(null),
  timesAwarded: NonNegativeInt.default(0),
});

export const SimulationInput = z
  .object({
    at: IsoInstant,
    currency: CurrencyCode,
    /** The store's time zone, for promotions' days and hours (IANA name; UTC when absent). */
    timeZone: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as "Europe/Amsterdam"')
      .default('UTC'),
    rewardPoints: z.array(RewardPoint),
    /** One scheme, or `schemes`: every one of them valid at `at` applies at once. */
    scheme: Scheme.optional(),
    schemes: z.array(Scheme).optional(),
    card: z.object({
      tier: Id.nullable(),
      affiliations: z.array(Id),
      lots: z.array(SimulationLot),
    }),
    /** The sale; absent for a file that only awards an activity. */
    sale: z.object({ lines: z.array(SimulationSaleLine) }).default({ lines: [] }),
    /** An other activity awarded to the card, through the schemes' `otherActivity:<type>` lines. */
    activity: SimulationActivity.optional(),
    tender: z.object({ amount: DecimalAmount }).optional(),
    /** Head office's reward catalogue: the output lists the ones the card can afford. */
    rewards: z.array(Reward).default([]),
    /** The id of a reward in `rewards` applied to this sale (before any points tender). */
    applyReward: Id.optional(),
  })
  .refine((input) => (input.scheme === undefined) !== (input.schemes === undefined), {
    path: ['schemes'],
    message: 'give either "scheme" or "schemes", not both and not neither',
  });
export type SimulationInput = z.infer<typeof SimulationInput>;
