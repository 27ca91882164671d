import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { QUICK_KEYS_MAX } from '../../../../shared/domain/master';
import { auditTimes, safeBigint } from '../columns';
import { stores } from './stores';

export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    barcode: text('barcode'),
    category: text('category').notNull(),
    ...auditTimes,
  },
  (table) => [
    uniqueIndex('products_barcode_unique').on(table.barcode),
    index('products_category_idx').on(table.category),
  ],
);

/** Net price of a product in one currency, in that currency's minor units. */
export const productPrices = pgTable(
  'product_prices',
  {
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    priceMinor: safeBigint('price_minor').notNull(),
    updatedAt: auditTimes.updatedAt,
  },
  (table) => [
    primaryKey({ name: 'product_prices_pkey', columns: [table.productId, table.currency] }),
  ],
);

/**
 * The VAT rate of a product category in a country (basis points, 2100 = 21 %), which head office
 * edits; a store's products carry the rate of their category in the store's country.
 */
export const vatRates = pgTable(
  'vat_rates',
  {
    country: text('country').notNull(),
    category: text('category').notNull(),
    rate: integer('rate').notNull(),
    updatedAt: auditTimes.updatedAt,
  },
  (table) => [
    primaryKey({ name: 'vat_rates_pkey', columns: [table.country, table.category] }),
    check('vat_rates_rate_check', sql`${table.rate} between 0 and 10000`),
    check('vat_rates_country_check', sql`${table.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** A store's quick keys: the products its sale screen offers as buttons, by grid position. */
export const storeQuickKeys = pgTable(
  'store_quick_keys',
  {
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ name: 'store_quick_keys_pkey', columns: [table.storeId, table.position] }),
    check(
      'store_quick_keys_position_check',
      sql`${table.position} >= 0 AND ${table.position} < ${sql.raw(String(QUICK_KEYS_MAX))}`,
    ),
    uniqueIndex('store_quick_keys_product_unique').on(table.storeId, table.productId),
    index('store_quick_keys_product_idx').on(table.productId),
  ],
);
