import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Session } from '../db/database';
import { productPrices, products, storeQuickKeys, stores } from '../db/schema';
import { badRequest, notFound } from '../errors';
import { References } from './references';

export interface QuickKey {
  readonly product: string;
  readonly name: string;
}

async function storeCurrency(session: Session, storeId: string): Promise<string> {
  const [row] = await session.db
    .select({ currency: stores.currency })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!row) throw notFound(`store ${storeId}`);
  return row.currency;
}

/** A store's quick keys in grid order, with each product's name. */
export async function readQuickKeys(session: Session, storeId: string): Promise<QuickKey[]> {
  await storeCurrency(session, storeId);
  return session.db
    .select({ product: storeQuickKeys.productId, name: products.name })
    .from(storeQuickKeys)
    .innerJoin(products, eq(products.id, storeQuickKeys.productId))
    .where(eq(storeQuickKeys.storeId, storeId))
    .orderBy(asc(storeQuickKeys.position));
}

/**
 * Replaces a store's quick keys with these products, in this order. Each must exist and have a
 * price in the store's currency: a register could not sell it otherwise (the distribution leaves
 * such a product out, and its key with it).
 */
export async function writeQuickKeys(
  tx: Session,
  storeId: string,
  productIds: readonly string[],
): Promise<void> {
  const currency = await storeCurrency(tx, storeId);
  const references = new References();
  productIds.forEach((id, i) => references.add('product', `keys.${i}`, id));
  await references.check(tx);
  if (productIds.length > 0) {
    const priced = await tx.db
      .select({ id: productPrices.productId })
      .from(productPrices)
      .where(
        and(
          inArray(productPrices.productId, [...productIds]),
          eq(productPrices.currency, currency),
        ),
      );
    const pricedIds = new Set(priced.map((row) => row.id));
    const unpriced = productIds.filter((id) => !pricedIds.has(id));
    if (unpriced.length > 0)
      throw badRequest(
        'productNotPriced',
        `no price in ${currency} for ${unpriced.join(', ')}: the store's registers could not sell it`,
        { currency, products: unpriced.join(', ') },
      );
  }
  await tx.db.delete(storeQuickKeys).where(eq(storeQuickKeys.storeId, storeId));
  if (productIds.length > 0)
    await tx.db
      .insert(storeQuickKeys)
      .values(productIds.map((productId, position) => ({ storeId, position, productId })));
}
