import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, oneOf } from '../columns';
import { staff } from './stores';
import { facts } from './sync';

export const REVIEW_ACTIONS = ['void', 'repost', 'resolve'] as const;
export const REVIEW_OUTCOMES = ['voided', 'posted', 'rejected', 'resolved'] as const;
/** Outcomes that take a fact off the open review list. */
export const FINAL_REVIEW_OUTCOMES = ['voided', 'posted', 'resolved'] as const;

const finalOutcome = sql.raw(`outcome in ('voided', 'posted', 'resolved')`);

/**
 * Every action head office took on the review list (migration 0006), appended only: who voided,
 * reposted or resolved which fact, with their comment, and for a repost the bodies before and after.
 */
export const reviewActions = pgTable(
  'review_actions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    factId: uuid('fact_id')
      .notNull()
      .references(() => facts.id),
    action: text('action', { enum: REVIEW_ACTIONS }).notNull(),
    outcome: text('outcome', { enum: REVIEW_OUTCOMES }).notNull(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    comment: text('comment'),
    /** A repost rejected again: why. */
    reason: text('reason'),
    previousBody: jsonb('previous_body'),
    correctedBody: jsonb('corrected_body'),
    at: instant('at').notNull().defaultNow(),
  },
  (table) => [
    oneOf('review_actions_action_check', table.action, REVIEW_ACTIONS),
    oneOf('review_actions_outcome_check', table.outcome, REVIEW_OUTCOMES),
    uniqueIndex('review_actions_final_unique').on(table.factId, table.action).where(finalOutcome),
    index('review_actions_fact_idx').on(table.factId, table.id),
    index('review_actions_final_at_idx').on(table.at, table.factId).where(finalOutcome),
  ],
);

/** The new ledger id each entry of a reposted fact was posted under (see review/repost.ts). */
export const repostedEntries = pgTable(
  'reposted_entries',
  {
    entryId: uuid('entry_id').primaryKey(),
    originalId: uuid('original_id').notNull(),
    factId: uuid('fact_id')
      .notNull()
      .references(() => facts.id),
    actionId: bigint('action_id', { mode: 'number' })
      .notNull()
      .references(() => reviewActions.id),
  },
  (table) => [index('reposted_entries_original_idx').on(table.originalId)],
);
