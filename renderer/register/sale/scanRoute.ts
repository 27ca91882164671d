import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import type { Product } from '../../../shared/domain/master';
import { isReceiptNumber } from '../../../shared/checkout/receipt';

/** Where one scanned or typed code goes. */
export type ScanRoute =
  | { readonly kind: 'product'; readonly product: Product; readonly quantity: number }
  | { readonly kind: 'card'; readonly number: string }
  | { readonly kind: 'cardTypo' }
  /** A receipt's number (its barcode): a return of that sale starts. */
  | { readonly kind: 'receipt'; readonly number: string }
  | { readonly kind: 'quantity'; readonly quantity: number }
  | { readonly kind: 'badQuantity' }
  | { readonly kind: 'unknown'; readonly code: string };

const MAX_QUANTITY = 999;

/** `3*` alone, or `3*CODE`: a quantity for the next (or this) product. */
function splitQuantity(text: string): { quantity: number | null; code: string } | null {
  const match = /^(\d*)\s*\*\s*(.*)$/.exec(text);
  if (!match) return { quantity: null, code: text };
  const quantity = Number(match[1]);
  if (!match[1] || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
    return null;
  return { quantity, code: match[2] ?? '' };
}

/**
 * Routes a code by its shape: a product's code or barcode adds the product; a number that passes
 * the card numbering's check digit takes the card; digits that start like one of this register's
 * card numbers but fail the check digit are a mistyped card; a receipt's number (register and
 * sequence) starts a return of that sale. Anything else is an unknown product.
 */
export function routeScan(
  text: string,
  findProduct: (code: string) => Product | undefined,
  cardPrefixes: readonly string[],
  pendingQuantity: number | null,
): ScanRoute {
  const split = splitQuantity(text.trim());
  if (!split) return { kind: 'badQuantity' };
  const code = split.code.trim();
  const quantity = split.quantity ?? pendingQuantity ?? 1;
  if (!code) return split.quantity ? { kind: 'quantity', quantity } : { kind: 'unknown', code };
  const product = findProduct(code);
  if (product) return { kind: 'product', product, quantity };
  if (isReceiptNumber(code)) return { kind: 'receipt', number: code };
  const card = checkCardNumber(code);
  if (card.ok) return { kind: 'card', number: card.number };
  const digits = code.replace(/[\s-]/g, '');
  if (
    card.problem === 'checkDigit' &&
    cardPrefixes.some((prefix) => prefix !== '' && digits.startsWith(prefix))
  )
    return { kind: 'cardTypo' };
  return { kind: 'unknown', code };
}
