import { api } from '../../../shared/protocol/api';
import { ApiError } from '../../common/api';
import type { SyncEngine } from '../sync/engine';

/** Customers shown for a search at most. */
export const CUSTOMER_RESULTS = 8;

export interface CustomerHit {
  readonly number: string;
  readonly name: string;
}

export type CustomerSearchResult =
  | { readonly kind: 'found'; readonly hits: readonly CustomerHit[] }
  /** A search by phone or e-mail needs the server, and the register cannot reach it. */
  | { readonly kind: 'offline' };

/** What was typed: an e-mail, a phone number (digits with + ( ) - and spaces), or a name. */
export function contactOf(query: string): { email: string } | { phone: string } | null {
  const text = query.trim();
  if (text.includes('@')) return { email: text };
  if (/^\+?[\d\s()-]+$/.test(text) && text.replace(/\D/g, '').length >= 6)
    return { phone: text.replace(/[\s()-]/g, '') };
  return null;
}

/**
 * A customer's cards at the till: by name from the local cards (works offline), by phone or e-mail
 * through the server (the register holds no contact details).
 */
export async function searchCustomers(
  engine: SyncEngine,
  query: string,
): Promise<CustomerSearchResult> {
  const contact = contactOf(query);
  if (!contact) {
    const cards = await engine.searchCardsByName(query, CUSTOMER_RESULTS);
    const hits = cards.map((card) => ({ number: card.number, name: card.customer?.name ?? '' }));
    return { kind: 'found', hits };
  }
  if (!engine.getState().online) return { kind: 'offline' };
  try {
    const answer = await engine.api().route(api.sync.cardsByContact, { query: contact });
    return { kind: 'found', hits: answer.cards };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'offline') return { kind: 'offline' };
    throw error;
  }
}
