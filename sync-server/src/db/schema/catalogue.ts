import { index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditTimes, safeBigint } from '../columns';

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
