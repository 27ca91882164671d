import type { Minor, Points } from '../units/integers';
import type { Instant, Period } from '../units/time';
import type { Conditions } from './conditions';

/**
 * The engine's own view of the data: integers for money and points, epoch milliseconds for time.
 * Wire schemas (decimal strings, ISO instants) are converted into these at the edge.
 */
export type RewardPointId = string;
export type PointsByRewardPoint = Record<RewardPointId, number>;

export interface RewardPointRules {
  readonly id: RewardPointId;
  readonly type: 'quantity' | 'amount';
  readonly redeemable: boolean;
  readonly redeemRanking: number;
  readonly redemptionThreshold: number | null;
  readonly maxPerCard: number | null;
  readonly expiry: Period | null;
  readonly expiryCalculation: 'static' | 'dynamic';
  readonly vesting: Period | null;
}

export type LineFilter = { readonly category: string } | { readonly product: string } | null;

export interface EarningRule {
  readonly id: string;
  readonly tier: string | null;
  readonly affiliation: string | null;
  readonly activity: string;
  readonly filter: LineFilter;
  /** Activity threshold and unit: minor units for salesAmount, a count otherwise. */
  readonly per: number;
  readonly rewardPoint: RewardPointId;
  readonly points: number;
  /** A promotion line: when it gives points (PRODUCT 4.1 with issue 17's promotions). */
  readonly conditions?: Conditions;
  /** The line's reward is multiplied by this (default 1). */
  readonly multiplier?: number;
  /** Points added once to the line's reward when the sale reaches its threshold (default 0). */
  readonly extraPoints?: number;
}

export interface RedemptionRule {
  readonly id: string;
  readonly tier: string | null;
  readonly affiliation: string | null;
  readonly filter: LineFilter;
  readonly rewardPoint: RewardPointId;
  /** `points` points pay `amount` minor units. */
  readonly points: number;
  readonly amount: Minor;
  readonly validFrom: Instant | null;
  readonly validTo: Instant | null;
}

export interface SchemeRules {
  readonly id: string;
  readonly version: number;
  readonly earning: readonly EarningRule[];
  readonly redemption: readonly RedemptionRule[];
  readonly excludedAffiliations: readonly string[];
  /** A promotion scheme's minimum basket for its earning lines (its days and hours decide whether it applies). */
  readonly minimumBasket?: number | null;
  /** A name for the cashier's "why" (the scheme id when absent). */
  readonly name?: string;
}

/** What the engine needs to know of a card's standing to pick the lines that apply. */
export interface CardStanding {
  readonly tier: string | null;
  readonly affiliations: readonly string[];
}

export interface SaleLine {
  readonly id: string;
  readonly product: string;
  readonly category: string;
  readonly quantity: number;
  /**
   * The amount after discounts in minor units, as the customer pays it: VAT included when
   * `vatRate` is given (shelf prices include VAT), else already before tax.
   */
  readonly netAmount: Minor;
  /** The line's VAT rate in basis points; absent or 0: `netAmount` is before tax already. */
  readonly vatRate?: number;
}

/** A positive ledger entry's remainder: what is left of it to spend, return or expire. */
export interface Lot {
  readonly id: string;
  readonly rewardPoint: RewardPointId;
  readonly remaining: Points;
  readonly earnedAt: Instant | null;
  readonly vestsAt: Instant | null;
  readonly expiresAt: Instant | null;
}

export interface LotUse {
  readonly id: string;
  readonly points: number;
}

/**
 * What a reward gives (issue 17's catalogue): one item of a product free, or an amount or a
 * percent off the lines a filter picks (`on: null` is the whole sale).
 */
export type RewardBenefit =
  | { readonly kind: 'freeProduct'; readonly product: string }
  | { readonly kind: 'amountOff'; readonly amount: Minor; readonly on: LineFilter }
  | { readonly kind: 'percentOff'; readonly percent: number; readonly on: LineFilter };

/** A reward head office priced in points of one redeemable reward point. */
export interface RewardRules {
  readonly id: string;
  readonly rewardPoint: RewardPointId;
  /** The reward's price: exactly this many points are spent when it is applied. */
  readonly points: number;
  readonly benefit: RewardBenefit;
  /** The most the discount may be, in minor units; null: no maximum. */
  readonly maximum: Minor | null;
}
