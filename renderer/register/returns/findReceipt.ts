import { receiptNumber } from '../../../shared/checkout/receipt';
import { api } from '../../../shared/protocol/api';
import { ApiError } from '../../common/api';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import { readReturnable, type Returnable } from './returnable';

/** What a receipt number found: the sale to return items of, or why there is none. */
export type FoundReceipt =
  | {
      readonly kind: 'found';
      readonly returnable: Returnable;
      readonly from: 'register' | 'server';
    }
  | { readonly kind: 'notFound' }
  /** Not a receipt of this register, and the server (which holds the store's) cannot be asked. */
  | { readonly kind: 'offline' };

const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * A receipt by its printed number: this register's own sales first (also offline), then any
 * receipt of the store through the server when online.
 */
export async function findReceipt(
  engine: SyncEngine,
  db: RegisterDb,
  number: string,
): Promise<FoundReceipt> {
  const own = (await readReturnable(db)).find((entry) => same(receiptNumber(entry.sale), number));
  if (own) return { kind: 'found', returnable: own, from: 'register' };
  if (!engine.getState().online) return { kind: 'offline' };
  try {
    const answer = await engine
      .api()
      .route(api.sync.receiptForReturn, { query: { number: number.trim() } });
    const returnable: Returnable = {
      sale: answer.sale,
      returned: new Map(Object.entries(answer.returned)),
    };
    return { kind: 'found', returnable, from: 'server' };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'notFound') return { kind: 'notFound' };
    if (error instanceof ApiError && error.code === 'offline') return { kind: 'offline' };
    throw error;
  }
}
