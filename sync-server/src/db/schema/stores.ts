import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { auditTimes, instant, oneOf, safeBigint } from '../columns';
import { programs } from './loyalty';
import { ENROLMENT_STATES } from '../../../../shared/protocol/api/masterWire';

/** What a store's registers may do (PRODUCT.md section 3, "functionality profile"). */
export interface FunctionalityProfile {
  generateCardNumbers: boolean;
  offlineEarning: boolean;
  /** null: paying with points needs the server. Otherwise the points a card may redeem offline per day. */
  offlineRedemption: { allowancePerCardPerDay: number } | null;
  /** Voids worth more than this (a decimal amount) need a manager's PIN; absent or null: never. */
  voidApprovalAbove?: string | null;
}

export const stores = pgTable('stores', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** ISO 4217 code: every amount of this store counts this currency's minor units. */
  currency: text('currency').notNull(),
  /** IANA time zone, e.g. Europe/Amsterdam. */
  timeZone: text('time_zone').notNull(),
  programId: text('program_id').references(() => programs.id),
  profile: jsonb('profile').$type<FunctionalityProfile>().notNull(),
  /** ISO 3166 alpha-2 country: its VAT rates apply to the store's products (none: 0 %). */
  country: text('country'),
  /** Printed on receipts under the store's name. */
  address: text('address'),
  ...auditTimes,
});

export { ENROLMENT_STATES };

export const registers = pgTable(
  'registers',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    name: text('name').notNull(),
    enrolmentState: text('enrolment_state', { enum: ENROLMENT_STATES })
      .notNull()
      .default('pending'),
    /** Hash of the bearer token handed out at enrolment; the token itself is never stored. */
    tokenHash: text('token_hash'),
    enrolledAt: instant('enrolled_at'),
    revokedAt: instant('revoked_at'),
    lastSeenAt: instant('last_seen_at'),
    ...auditTimes,
  },
  (table) => [
    oneOf('registers_enrolment_state_check', table.enrolmentState, ENROLMENT_STATES),
    index('registers_store_idx').on(table.storeId),
    uniqueIndex('registers_token_hash_unique').on(table.tokenHash),
  ],
);

/** One-time codes traded for a register token; only the hash is kept. */
export const enrolmentCodes = pgTable(
  'enrolment_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    registerId: text('register_id')
      .notNull()
      .references(() => registers.id),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: auditTimes.createdAt,
  },
  (table) => [index('enrolment_codes_register_idx').on(table.registerId)],
);

export const STAFF_ROLES = ['cashier', 'manager', 'headOffice'] as const;

export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** Store ids this person may work in (head office staff: usually all, or none). */
    stores: jsonb('stores').$type<string[]>().notNull().default([]),
    /** Distributed to registers so they can check PINs offline. */
    pinHash: text('pin_hash').notNull(),
    active: boolean('active').notNull().default(true),
    ...auditTimes,
  },
  (table) => [oneOf('staff_role_check', table.role, STAFF_ROLES)],
);

/**
 * A range of card numbers (without check digit) reserved for one register, so it can issue cards
 * offline. Ranges never overlap: they are cut from one counter under a lock.
 */
export const cardNumberBlocks = pgTable(
  'card_number_blocks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    registerId: text('register_id')
      .notNull()
      .references(() => registers.id),
    firstNumber: safeBigint('first_number').notNull(),
    lastNumber: safeBigint('last_number').notNull(),
    issuedAt: instant('issued_at').notNull().defaultNow(),
    exhaustedAt: instant('exhausted_at'),
  },
  (table) => [
    check('card_number_blocks_range_check', sql`${table.firstNumber} <= ${table.lastNumber}`),
    index('card_number_blocks_register_idx').on(table.registerId),
    uniqueIndex('card_number_blocks_first_unique').on(table.firstNumber),
  ],
);
