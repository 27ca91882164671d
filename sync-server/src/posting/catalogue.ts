import type {
  DistributedCatalogue,
  DistributedProduct,
} from '../../../shared/checkout/receiptChecks';
import type { Session } from '../db/database';

/** One form of a product a distribution version sent a store. */
export interface SentProduct extends DistributedProduct {
  readonly product: string;
}

/**
 * Each product as the store's latest distribution of it sent it (distribution_state names the
 * distribution_changes row that holds it): the prices and categories its registers sell at.
 */
export async function readSentProducts(tx: Session, storeId: string): Promise<SentProduct[]> {
  const result = await tx.query<SentProduct>(
    `select st.entity_id as product, c.body ->> 'price' as price,
            c.body ->> 'category' as category, (c.body ->> 'vatRate')::int as "vatRate"
       from distribution_state st
       join distribution_changes c on c.seq = st.seq
      where st.store_id = $1 and st.entity = 'product'`,
    [storeId],
  );
  return result.rows;
}

/**
 * The catalogue the store's registers were sent, by product. Null when the store was never sent a
 * product: there is nothing to check against, and its registers cannot have scanned one.
 */
export function catalogueOf(sent: readonly SentProduct[]): DistributedCatalogue | null {
  if (sent.length === 0) return null;
  const catalogue = new Map<string, DistributedProduct[]>();
  for (const item of sent) {
    const forms = catalogue.get(item.product) ?? [];
    forms.push({ price: item.price, category: item.category, vatRate: item.vatRate });
    catalogue.set(item.product, forms);
  }
  return catalogue;
}
