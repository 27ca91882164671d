import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, oneOf } from '../columns';
import { cards, customers } from './cards';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;

/** One row per run of a server job: what head office's console shows. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    /** schedule, manual (API or CLI), startup */
    trigger: text('trigger').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    endedAt: instant('ended_at'),
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull().default('running'),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    error: text('error'),
  },
  (table) => [
    oneOf('job_runs_status_check', table.status, JOB_RUN_STATUSES),
    index('job_runs_name_started_idx').on(table.name, table.startedAt),
    // At most one running record per job, even if the runner's advisory lock were bypassed.
    uniqueIndex('job_runs_one_running_idx')
      .on(table.name)
      .where(sql`${table.status} = 'running'`),
  ],
);

export const NOTIFICATION_KINDS = [
  'balanceUpdate',
  'expiryWarning',
  'tierChanged',
  'tierExpiring',
] as const;

/** Messages to customers, delivered at most once by a pluggable sender. */
export const notificationsOutbox = pgTable(
  'notifications_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    cardNumber: text('card_number').references(() => cards.number),
    /** Makes writing the same notice twice (a job repeated after a crash) a no-op. */
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    /** Set when a sender claims it, before sending: never sent twice, even after a crash. */
    claimedAt: instant('claimed_at'),
    sentAt: instant('sent_at'),
    error: text('error'),
  },
  (table) => [
    oneOf('notifications_outbox_kind_check', table.kind, NOTIFICATION_KINDS),
    uniqueIndex('notifications_outbox_dedupe_unique').on(table.dedupeKey),
    index('notifications_outbox_unclaimed_idx')
      .on(table.createdAt)
      .where(sql`${table.claimedAt} is null`),
  ],
);

/**
 * Each notice's delivery to the retailer's webhook (WEBHOOK_URL), apart from its delivery to the
 * customer: a row is the claim, committed before the event is sent, so an event id is sent at
 * most once even across a crash (a claim left unconfirmed is given up on, never resent).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    notificationId: uuid('notification_id')
      .primaryKey()
      .references(() => notificationsOutbox.id),
    /** Set while a run is sending it; null again when the endpoint turned it down for now. */
    claimedAt: instant('claimed_at'),
    sentAt: instant('sent_at'),
    /** Runs that found the endpoint down; the claim is given back until the last one. */
    attempts: integer('attempts').notNull().default(0),
    /** Not tried again before this time (a backoff that grows with each attempt). */
    retryAfter: instant('retry_after'),
    error: text('error'),
  },
  (table) => [
    index('webhook_deliveries_retry_idx')
      .on(table.retryAfter)
      .where(
        sql`${table.claimedAt} is null and ${table.sentAt} is null and ${table.error} is null`,
      ),
  ],
);
