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

export const NOTIFICATION_KINDS = ['balanceUpdate', 'expiryWarning'] as const;

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
