import { foreignKey, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, safeBigint } from '../columns';
import { schemes } from './loyalty';
import { stores } from './stores';

/** Which scheme version applies to which store now: written by process-loyalty-schemes. */
export const storeSchemes = pgTable(
  'store_schemes',
  {
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    schemeId: text('scheme_id').notNull(),
    schemeVersion: integer('scheme_version').notNull(),
    computedAt: instant('computed_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'store_schemes_pkey', columns: [table.storeId, table.schemeId] }),
    foreignKey({
      name: 'store_schemes_scheme_fk',
      columns: [table.schemeId, table.schemeVersion],
      foreignColumns: [schemes.id, schemes.version],
    }),
  ],
);

/**
 * What a store's registers hold after its latest distribution version: per item the hash of what
 * was sent (to find changes) and the distribution_changes row holding it (for snapshots).
 */
export const distributionState = pgTable(
  'distribution_state',
  {
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    hash: uuid('hash').notNull(),
    seq: safeBigint('seq').notNull(),
  },
  (table) => [
    primaryKey({
      name: 'distribution_state_pkey',
      columns: [table.storeId, table.entity, table.entityId],
    }),
  ],
);

/** Cards changed at or after `cardsSince` are looked at again by the store's next distribution. */
export const distributionWatermarks = pgTable('distribution_watermarks', {
  storeId: text('store_id')
    .primaryKey()
    .references(() => stores.id),
  cardsSince: instant('cards_since').notNull(),
});
