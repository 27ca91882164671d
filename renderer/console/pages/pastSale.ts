import type { FormValues } from '../components/form';
import { api as contract } from '../../../shared/protocol/api';
import { api } from '../session';
import type { StoredSale } from './SalePicker';

/** A stored sale's lines as basket rows of the simulator's form. */
export const basketOf = (sale: StoredSale): FormValues[] =>
  sale.lines.map((line) => ({
    product: line.product,
    category: line.category,
    quantity: String(line.quantity),
    netAmount: line.netAmount,
  }));

/**
 * The tier and affiliations the sale's card has now (as form values), so the scheme is tried on
 * the customer as they stand; an anonymous sale, or a card no longer found, has neither.
 */
export async function standingOf(card: string | null): Promise<FormValues> {
  const none = { tier: '', affiliations: '' };
  if (!card) return none;
  try {
    const view = await api.route(contract.cards.get, { params: { number: card } });
    const customer = view.customer
      ? await api.route(contract.hq.customers.get, { params: { id: view.customer.id } })
      : null;
    return { tier: view.tier ?? '', affiliations: (customer?.affiliations ?? []).join(', ') };
  } catch {
    return none;
  }
}
