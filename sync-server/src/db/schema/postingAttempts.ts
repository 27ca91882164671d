import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from '../columns';
import { reservations } from './access';
import { facts } from './sync';

/**
 * Failed attempts to post a pending fact for a reason other than its checks (migration 0007): the
 * job retries it after retry_after, and sets it aside as rejected after a few attempts.
 */
export const factAttempts = pgTable(
  'fact_attempts',
  {
    factId: uuid('fact_id')
      .primaryKey()
      .references(() => facts.id),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error').notNull(),
    retryAfter: instant('retry_after').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [check('fact_attempts_attempts_check', sql`${table.attempts} > 0`)],
);

/** The sale fact that paid with an online reservation (migration 0007); one per tender. */
export const reservationSales = pgTable(
  'reservation_sales',
  {
    tenderId: uuid('tender_id')
      .primaryKey()
      .references(() => reservations.tenderId),
    saleFactId: uuid('sale_fact_id')
      .notNull()
      .references(() => facts.id),
    usedAt: instant('used_at').notNull().defaultNow(),
  },
  (table) => [index('reservation_sales_fact_idx').on(table.saleFactId)],
);
