import { asc, eq, gt, inArray } from 'drizzle-orm';
import { formatAmount, parseAmount } from '../../../../../shared/units/money';
import type { Session } from '../../../db/database';
import { productPrices, products } from '../../../db/schema';
import { invalidField } from '../../../errors';
import { api, type ProductBody, type ProductOut } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Body = Omit<ProductBody, 'id'>;

async function withPrices(
  session: Session,
  rows: (typeof products.$inferSelect)[],
): Promise<ProductOut[]> {
  if (rows.length === 0) return [];
  const prices = await session.db
    .select()
    .from(productPrices)
    .where(
      inArray(
        productPrices.productId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(productPrices.currency));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    barcode: row.barcode,
    category: row.category,
    prices: prices
      .filter((p) => p.productId === row.id)
      .map((p) => ({ currency: p.currency, price: formatAmount(p.priceMinor, p.currency) })),
  }));
}

function priceMinor(body: Body): number {
  try {
    return parseAmount(body.price, body.currency);
  } catch (error) {
    throw invalidField('invalidPrice', 'price', 'invalidAmount', (error as Error).message);
  }
}

async function setPrice(tx: Session, id: string, body: Body, now: Date): Promise<void> {
  const minorUnits = priceMinor(body);
  await tx.db
    .insert(productPrices)
    .values({ productId: id, currency: body.currency, priceMinor: minorUnits, updatedAt: now })
    .onConflictDoUpdate({
      target: [productPrices.productId, productPrices.currency],
      set: { priceMinor: minorUnits, updatedAt: now },
    });
}

const columns = (body: Body) => ({
  name: body.name,
  barcode: body.barcode,
  category: body.category,
});

/** The catalogue, kept by head office: `/api/hq/products`. */
export const productRoutes = crudRoutes<ProductOut, ProductBody, Body>({
  routes: api.hq.products,
  name: 'product',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(products)
      .where(after === undefined ? undefined : gt(products.id, after))
      .orderBy(asc(products.id))
      .limit(limit);
    return withPrices(session, rows);
  },
  async read(session, id) {
    const rows = await session.db.select().from(products).where(eq(products.id, id));
    return (await withPrices(session, rows))[0] ?? null;
  },
  async create(tx, body, now) {
    priceMinor(body);
    await tx.db
      .insert(products)
      .values({ id: body.id, ...columns(body), createdAt: now, updatedAt: now });
    await setPrice(tx, body.id, body, now);
  },
  async update(tx, id, body, now) {
    priceMinor(body);
    const updated = await tx.db
      .update(products)
      .set({ ...columns(body), updatedAt: now })
      .where(eq(products.id, id))
      .returning({ id: products.id });
    if (updated.length === 0) return false;
    await setPrice(tx, id, body, now);
    return true;
  },
});
