import { boolean, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Reward } from '../../../../shared/domain/loyalty';
import { auditTimes, instant } from '../columns';
import { rewardPoints } from './loyalty';

/**
 * Head office's rewards catalogue (migration 0020): the current version of each reward, its wire
 * form in `body` (amounts stay decimal strings, read in each store's currency as schemes' are).
 */
export const rewards = pgTable('rewards', {
  id: text('id').primaryKey(),
  version: integer('version').notNull(),
  rewardPointId: text('reward_point_id')
    .notNull()
    .references(() => rewardPoints.id),
  active: boolean('active').notNull(),
  body: jsonb('body').$type<Reward>().notNull(),
  ...auditTimes,
});

/** Every version of every reward: a sale is checked against the version its register was sent. */
export const rewardVersions = pgTable(
  'reward_versions',
  {
    rewardId: text('reward_id')
      .notNull()
      .references(() => rewards.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    body: jsonb('body').$type<Reward>().notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'reward_versions_pkey', columns: [table.rewardId, table.version] }),
  ],
);
