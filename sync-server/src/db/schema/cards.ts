import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { auditTimes, instant, oneOf, safeBigint } from '../columns';
import { programs, rewardPoints, tiers } from './loyalty';
import { registers, staff, stores } from './stores';
import { CUSTOMER_LANGUAGES } from '../../../../shared/domain/master';

export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    affiliations: jsonb('affiliations').$type<string[]>().notNull().default([]),
    /** A customer blocked for loyalty enrolment gets no card anywhere. */
    enrolmentBlocked: boolean('enrolment_blocked').notNull().default(false),
    notifyBalanceUpdates: boolean('notify_balance_updates').notNull().default(false),
    notifyExpiryWarnings: boolean('notify_expiry_warnings').notNull().default(false),
    /** Subscribed to the newsletter: the NEWSLETTER activity awards itself once (migration 0014). */
    newsletter: boolean('newsletter').notNull().default(false),
    /** The language of the customer's notices (migration 0017). */
    language: text('language', { enum: CUSTOMER_LANGUAGES }).notNull().default('en'),
    ...auditTimes,
  },
  (table) => [
    index('customers_email_idx').on(sql`lower(${table.email})` as SQL),
    index('customers_phone_idx').on(table.phone),
    // Card search by customer name prefix; text_pattern_ops lets `like 'prefix%'` use the btree.
    index('customers_name_prefix_idx').on(sql`lower(${table.name}) text_pattern_ops`),
    index('customers_updated_idx').on(table.updatedAt),
    oneOf('customers_language_check', table.language, CUSTOMER_LANGUAGES),
  ],
);

export const CARD_STATUSES = ['active', 'blocked', 'replaced'] as const;
export const ENROLMENT_SOURCES = ['register', 'headOffice', 'api'] as const;

export const cards = pgTable(
  'cards',
  {
    /** The printed number, check digit included. */
    number: text('number').primaryKey(),
    /** Anonymous cards have none. */
    customerId: text('customer_id').references(() => customers.id),
    programId: text('program_id')
      .notNull()
      .references(() => programs.id),
    status: text('status', { enum: CARD_STATUSES }).notNull().default('active'),
    tierId: text('tier_id').references(() => tiers.id),
    tierValidUntil: instant('tier_valid_until'),
    /** A tier set by hand (PRODUCT 4.5) stays, whatever the card earns, until this instant. */
    tierHeldUntil: instant('tier_held_until'),
    tierHoldReason: text('tier_hold_reason'),
    tierHeldBy: text('tier_held_by').references(() => staff.id),
    enrolmentSource: text('enrolment_source', { enum: ENROLMENT_SOURCES }).notNull(),
    enrolmentStoreId: text('enrolment_store_id').references(() => stores.id),
    enrolmentRegisterId: text('enrolment_register_id').references(() => registers.id),
    replacedBy: text('replaced_by').references((): AnyPgColumn => cards.number),
    issuedAt: instant('issued_at').notNull().defaultNow(),
    updatedAt: auditTimes.updatedAt,
  },
  (table) => [
    oneOf('cards_status_check', table.status, CARD_STATUSES),
    oneOf('cards_enrolment_source_check', table.enrolmentSource, ENROLMENT_SOURCES),
    index('cards_customer_idx').on(table.customerId),
    // Distribution (job 1050) sends each store the cards of its program changed since its last version.
    index('cards_program_updated_idx').on(table.programId, table.updatedAt),
    // Card search by number prefix.
    index('cards_number_prefix_idx').on(table.number.op('text_pattern_ops')),
    index('cards_updated_idx').on(table.updatedAt),
    // Reports: cards issued per day and enrolment source (covering columns in INDEX_INCLUDES).
    index('cards_issued_idx').on(table.issuedAt),
  ],
);

/**
 * A card's balance per reward point, kept current by the posting step in the same transaction as
 * the ledger entries; always rebuildable as the fold of the ledger.
 */
export const cardBalances = pgTable(
  'card_balances',
  {
    cardNumber: text('card_number')
      .notNull()
      .references(() => cards.number),
    rewardPointId: text('reward_point_id')
      .notNull()
      .references(() => rewardPoints.id),
    /** Sum of posted entries. */
    posted: safeBigint('posted').notNull().default(0),
    /** Sum of pending entries (offline earnings not yet posted). */
    pending: safeBigint('pending').notNull().default(0),
    updatedAt: auditTimes.updatedAt,
  },
  (table) => [
    primaryKey({ name: 'card_balances_pkey', columns: [table.cardNumber, table.rewardPointId] }),
    index('card_balances_updated_idx').on(table.updatedAt),
  ],
);

/**
 * Every change of a card's tier, appended by the one writer of tiers (`tiers/evaluate.ts`
 * `applyTierChanges`) in the transaction that changes it: the card's tier history, and what
 * tier-change notices are written from.
 */
export const cardTierChanges = pgTable(
  'card_tier_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    cardNumber: text('card_number')
      .notNull()
      .references(() => cards.number),
    previousTierId: text('previous_tier_id').references(() => tiers.id),
    tierId: text('tier_id').references(() => tiers.id),
    validUntil: instant('valid_until'),
    changedAt: instant('changed_at').notNull(),
    /** Why a tier was set by hand; null for a change the tier rules made. */
    reason: text('reason'),
    /** Who set it by hand; null for a change the tier rules made. */
    setBy: text('set_by').references(() => staff.id),
    /** When the change's notice was written; null while it is still due. */
    noticeWrittenAt: instant('notice_written_at'),
  },
  (table) => [
    index('card_tier_changes_card_idx').on(table.cardNumber, table.changedAt),
    index('card_tier_changes_notice_due_idx')
      .on(table.id)
      .where(sql`${table.noticeWrittenAt} is null`),
  ],
);
