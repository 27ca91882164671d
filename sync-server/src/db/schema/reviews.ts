import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant, oneOf, safeBigint } from '../columns';
import { cards } from './cards';
import { registers, staff, stores } from './stores';
import { facts } from './sync';
import { REVIEW_KINDS } from '../../../../shared/protocol/api/reviewWire';

export { REVIEW_KINDS };

/**
 * Facts that were posted but that head office should look at (migration 0004): an offline
 * redemption beyond the store's daily allowance or the card's available balance; a sale kept
 * whose loyalty entries were rejected (migration 0009).
 */
export const factReviews = pgTable(
  'fact_reviews',
  {
    factId: uuid('fact_id')
      .primaryKey()
      .references(() => facts.id),
    cardNumber: text('card_number').references(() => cards.number),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    registerId: text('register_id')
      .notNull()
      .references(() => registers.id),
    kind: text('kind', { enum: REVIEW_KINDS }).notNull(),
    reason: text('reason').notNull(),
    /** The points at stake (an overdraw: what was spent beyond what was allowed). */
    points: safeBigint('points').notNull().default(0),
    flaggedAt: instant('flagged_at').notNull().defaultNow(),
    resolvedAt: instant('resolved_at'),
    resolvedBy: text('resolved_by').references(() => staff.id),
  },
  (table) => [
    oneOf('fact_reviews_kind_check', table.kind, REVIEW_KINDS),
    index('fact_reviews_open_idx')
      .on(table.flaggedAt)
      .where(sql`${table.resolvedAt} is null`),
  ],
);
