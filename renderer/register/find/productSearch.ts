import type { Product } from '../../../shared/domain/master';
import { matchesWords, normaliseForSearch, queryWords } from './searchText';

/** Products shown for a search at most: the results fit the screen without a scroll. */
export const PRODUCT_RESULTS = 8;

/**
 * Products of the local catalogue for a search: a code or barcode that starts with what was typed
 * first, then names with every word typed, each group in name order.
 */
export function searchProducts(
  products: Iterable<Product>,
  query: string,
  limit = PRODUCT_RESULTS,
): Product[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const code = query.trim().toUpperCase();
  const byCode: Product[] = [];
  const byName: Product[] = [];
  const seen = new Set<string>();
  for (const product of products) {
    if (seen.has(product.id)) continue;
    seen.add(product.id);
    if (product.id.toUpperCase().startsWith(code) || product.barcode?.startsWith(code))
      byCode.push(product);
    else if (matchesWords(normaliseForSearch(product.name), words)) byName.push(product);
  }
  const byNameOrder = (a: Product, b: Product) => a.name.localeCompare(b.name);
  return [...byCode.sort(byNameOrder), ...byName.sort(byNameOrder)].slice(0, limit);
}
