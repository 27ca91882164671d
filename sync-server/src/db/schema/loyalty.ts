import {
  boolean,
  index,
  integer,
  jsonb,
  primaryKey,
  pgTable,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import type {
  EarningLine,
  RedemptionLine,
  SchemePromotion,
  Tier,
} from '../../../../shared/domain/loyalty';
import type { Period } from '../../../../shared/units/time';
import { auditTimes, instant, oneOf, safeBigint } from '../columns';
import { SCHEME_STATUSES } from '../../../../shared/protocol/api/masterWire';

/** Head office's loyalty master data. Ids are head office's own (shared/domain/common.ts `Id`). */

export const REWARD_POINT_TYPES = ['quantity', 'amount'] as const;
export const EXPIRY_CALCULATIONS = ['static', 'dynamic'] as const;

export const rewardPoints = pgTable(
  'reward_points',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type', { enum: REWARD_POINT_TYPES }).notNull(),
    /** ISO 4217 code; set for amount-type points, whose points count this currency's minor units. */
    currency: text('currency'),
    redeemable: boolean('redeemable').notNull(),
    redeemRanking: integer('redeem_ranking').notNull(),
    redemptionThreshold: safeBigint('redemption_threshold'),
    maxPerCard: safeBigint('max_per_card'),
    expiry: jsonb('expiry').$type<Period | null>(),
    expiryCalculation: text('expiry_calculation', { enum: EXPIRY_CALCULATIONS })
      .notNull()
      .default('static'),
    vesting: jsonb('vesting').$type<Period | null>(),
    /** Days of warning before these points expire; null: the server's default. */
    expiryWarningDays: integer('expiry_warning_days'),
    ...auditTimes,
  },
  (table) => [
    oneOf('reward_points_type_check', table.type, REWARD_POINT_TYPES),
    oneOf('reward_points_expiry_calculation_check', table.expiryCalculation, EXPIRY_CALCULATIONS),
  ],
);

export const programs = pgTable('programs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ...auditTimes,
});

export const tiers = pgTable(
  'tiers',
  {
    id: text('id').primaryKey(),
    programId: text('program_id')
      .notNull()
      .references(() => programs.id),
    name: text('name').notNull(),
    /** 0 is the base tier. */
    level: integer('level').notNull(),
    stay: jsonb('stay').$type<Period | null>(),
    discount: jsonb('discount').$type<Tier['discount']>(),
    /** Alternatives: reaching any one rule qualifies. */
    rules: jsonb('rules').$type<Tier['rules']>().notNull(),
    /** Days before its stay ends that the customer is warned; null: the server's default. */
    expiryWarningDays: integer('expiry_warning_days'),
    ...auditTimes,
  },
  (table) => [unique('tiers_program_level_unique').on(table.programId, table.level)],
);

export const affiliations = pgTable('affiliations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Cashiers can neither see nor set it; it still applies. */
  hiddenInStores: boolean('hidden_in_stores').notNull().default(false),
  ...auditTimes,
});

export { SCHEME_STATUSES };

/**
 * Every saved change of a scheme is a new version; old versions stay so the server can re-check an
 * offline earning against exactly the version the register stamped on it.
 */
export const schemes = pgTable(
  'schemes',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    name: text('name'),
    programId: text('program_id').references(() => programs.id),
    status: text('status', { enum: SCHEME_STATUSES }).notNull().default('draft'),
    validFrom: instant('valid_from'),
    validTo: instant('valid_to'),
    /** Store ids the scheme is assigned to. */
    stores: jsonb('stores').$type<string[]>().notNull().default([]),
    /** Lines in their wire form (shared/domain/loyalty.ts): amounts are decimal strings, never floats. */
    earning: jsonb('earning').$type<EarningLine[]>().notNull(),
    redemption: jsonb('redemption').$type<RedemptionLine[]>().notNull(),
    excludedAffiliations: jsonb('excluded_affiliations').$type<string[]>().notNull().default([]),
    /** A promotion's days, hours and minimum basket (wire form), or null for a plain scheme. */
    promotion: jsonb('promotion').$type<SchemePromotion>(),
    activatedAt: instant('activated_at'),
    createdAt: auditTimes.createdAt,
  },
  (table) => [
    primaryKey({ name: 'schemes_pkey', columns: [table.id, table.version] }),
    oneOf('schemes_status_check', table.status, SCHEME_STATUSES),
    index('schemes_status_idx').on(table.status),
  ],
);
