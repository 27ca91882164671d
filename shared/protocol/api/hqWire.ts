import { z } from 'zod';
import { Id } from '../../domain/common';
import { CountryVatRates, QuickKeys } from '../../domain/master';

/**
 * Keyset paging for head office lists: `?limit=&after=<id of the last row seen>`. Lists can hold a
 * million customers, so pages never use offsets the database would have to walk past.
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: Id.optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of a head office list: `next` is the `after` of the next page, null on the last. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

export const IdParams = z.object({ id: Id });
export const StoreParams = z.object({ store: Id });

export const VatRatesList = z.object({ countries: z.array(CountryVatRates) });
export type VatRatesList = z.infer<typeof VatRatesList>;

/** A store's quick keys as the console shows them: each product with its name, in grid order. */
export const QuickKeysView = z.object({
  store: Id,
  keys: z.array(z.object({ product: Id, name: z.string() })),
});
export const QuickKeysBody = z.object({ keys: QuickKeys });

/** `before` is the `next` of the previous page: the device time (µs) and the receipt id. */
export const SALES_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~(.{1,100})$/;

export const SalesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().regex(SALES_CURSOR, 'must be the next cursor of a previous page').optional(),
  store: Id.optional(),
  register: Id.optional(),
  /** The start of a receipt id or of a card number. */
  search: z.string().trim().min(1).max(100).optional(),
});
export type SalesQuery = z.infer<typeof SalesQuery>;

/** A basket line as the simulator reads it, with what the register recorded it earned. */
export const StoredSaleLine = z.object({
  id: z.string(),
  product: z.string(),
  category: z.string(),
  quantity: z.number(),
  netAmount: z.string(),
  /** The VAT rate (basis points) the amount includes. */
  vatRate: z.number(),
  earned: z.record(z.string(), z.number()),
});

/** One VAT rate's part of a receipt: net, VAT and gross as decimal strings. */
export const StoredVatPart = z.object({
  rate: z.number(),
  net: z.string(),
  vat: z.string(),
  gross: z.string(),
});

export const StoredSale = z.object({
  id: z.string(),
  /** As printed on the receipt: store, register and the register's sequence. */
  receiptNumber: z.string(),
  store: Id,
  register: Id,
  staff: z.string().nullable(),
  card: z.string().nullable(),
  currency: z.string(),
  total: z.string(),
  offline: z.boolean(),
  deviceTime: z.string(),
  lines: z.array(StoredSaleLine),
  vat: z.array(StoredVatPart),
});
export type StoredSale = z.infer<typeof StoredSale>;

export const SalesPage = z.object({ items: z.array(StoredSale), next: z.string().nullable() });
