import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { auditTimes, instant, oneOf } from '../columns';
import { otherActivityTypes } from './access';
import { cards } from './cards';
import { staff } from './stores';

/** How an award came about: through the API, or by itself (a new customer, a subscription). */
export const AWARD_SOURCES = ['api', 'registration', 'newsletter'] as const;
export const AWARD_STATUSES = ['waiting', 'posted', 'rejected'] as const;

/**
 * Other activity awards of a type that needs review (migration 0014): they wait here, with the
 * points the schemes gave when they were made, until head office posts or rejects them. A waiting
 * award counts towards the type's per-customer limit; a rejected one does not.
 */
export const activityAwards = pgTable(
  'activity_awards',
  {
    id: uuid('id').primaryKey(),
    cardNumber: text('card_number')
      .notNull()
      .references(() => cards.number),
    customerId: text('customer_id'),
    activityType: text('activity_type')
      .notNull()
      .references(() => otherActivityTypes.id),
    source: text('source', { enum: AWARD_SOURCES }).notNull(),
    status: text('status', { enum: AWARD_STATUSES }).notNull(),
    /** Points per reward point, as the schemes that applied gave them when the award was made. */
    earned: jsonb('earned').$type<Record<string, number>>().notNull(),
    ruleIds: jsonb('rule_ids').$type<string[]>().notNull().default([]),
    schemeId: text('scheme_id'),
    schemeVersion: integer('scheme_version'),
    comment: text('comment'),
    staffId: text('staff_id').references(() => staff.id),
    storeId: text('store_id'),
    registerId: text('register_id'),
    awardedAt: instant('awarded_at').notNull(),
    decidedAt: instant('decided_at'),
    decidedBy: text('decided_by').references(() => staff.id),
    ...auditTimes,
  },
  (table) => [
    oneOf('activity_awards_source_check', table.source, AWARD_SOURCES),
    oneOf('activity_awards_status_check', table.status, AWARD_STATUSES),
    index('activity_awards_waiting_idx')
      .on(table.awardedAt)
      .where(sql`${table.status} = 'waiting'`),
    index('activity_awards_customer_idx').on(table.customerId, table.activityType),
    index('activity_awards_card_idx').on(table.cardNumber, table.activityType),
  ],
);
