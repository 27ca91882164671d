import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
  boolean,
} from 'drizzle-orm/pg-core';
import { auditTimes, instant, oneOf, safeBigint } from '../columns';
import { cards } from './cards';
import { registers, staff, stores } from './stores';

/** A staff sign-in (PIN): only the token's hash is kept. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    /** The register the person signed in at, if any. */
    registerId: text('register_id').references(() => registers.id),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (table) => [index('staff_sessions_staff_idx').on(table.staffId)],
);

/** Failed PIN and enrolment attempts per key, for lockout. */
export const signInAttempts = pgTable('sign_in_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: instant('locked_until'),
  updatedAt: auditTimes.updatedAt,
});

/** Requests per caller, route and window, for the limits shared across server processes. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    resetsAt: instant('resets_at').notNull(),
  },
  (t) => [index('rate_limits_resets_at_idx').on(t.resetsAt)],
);

/** Each job's cron schedule, editable by head office. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  cron: text('cron').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: auditTimes.updatedAt,
});

/**
 * One row per scheduled tick of a job: the replica whose insert wins runs it, so a tick runs once
 * however many server processes share the database.
 */
export const jobTicks = pgTable(
  'job_ticks',
  {
    name: text('name').notNull(),
    scheduledFor: instant('scheduled_for').notNull(),
    claimedBy: text('claimed_by').notNull(),
    claimedAt: instant('claimed_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ name: 'job_ticks_pkey', columns: [table.name, table.scheduledFor] })],
);

export const RESERVATION_STATUSES = ['reserved', 'released'] as const;

/** Online redemption: points held for one tender, exactly once per tender id. */
export const reservations = pgTable(
  'reservations',
  {
    tenderId: uuid('tender_id').primaryKey(),
    cardNumber: text('card_number')
      .notNull()
      .references(() => cards.number),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    registerId: text('register_id').references(() => registers.id),
    amountMinor: safeBigint('amount_minor').notNull(),
    /** The answer given, replayed as is when the same tender is asked again. */
    response: jsonb('response').notNull(),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull().default('reserved'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (table) => [
    oneOf('reservations_status_check', table.status, RESERVATION_STATUSES),
    index('reservations_card_idx').on(table.cardNumber),
  ],
);

/** Running counters, such as the card number sequence blocks are cut from. */
export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: safeBigint('value').notNull(),
});

/** Other activities head office awards points for (registration, newsletter, review, visit). */
export const otherActivityTypes = pgTable('other_activity_types', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  rewardPointId: text('reward_point_id').notNull(),
  points: safeBigint('points').notNull(),
  /** How often one customer may be awarded it; null: no limit. */
  perCustomerLimit: integer('per_customer_limit'),
  /** Awards made through the API (or by themselves) wait in head office's review list first. */
  needsReview: boolean('needs_review').notNull().default(false),
  ...auditTimes,
});

/** What each register last reported, for head office's sync-health view. */
export const registerHealth = pgTable('register_health', {
  registerId: text('register_id')
    .primaryKey()
    .references(() => registers.id),
  lastContactAt: instant('last_contact_at').notNull(),
  outboxDepth: integer('outbox_depth'),
  distributionVersion: integer('distribution_version'),
  /** Device time minus server time at the last push, in ms. */
  clockOffsetMs: safeBigint('clock_offset_ms'),
  details: jsonb('details')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
});
