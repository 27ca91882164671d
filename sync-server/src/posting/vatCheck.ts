import type { SaleFact } from '../../../shared/protocol/sync';
import type { PostingEnv } from './facts';
import type { StoreRow } from './lookups';
import { reject } from './rejection';

/**
 * Earning counts a line's amount before tax, so a register that claimed a lower VAT rate than its
 * category has in the store's country would earn more than the scheme gives: refused. A higher
 * rate (the rate went down while the register was offline) earns less and favours no one.
 */
export async function checkVatRates(
  env: PostingEnv,
  receipt: SaleFact['receipt'],
  store: StoreRow,
): Promise<void> {
  const rates = store.country === null ? new Map() : await env.master.vatRates(store.country);
  for (const line of receipt.lines) {
    const expected = rates.get(line.category) ?? 0;
    const claimed = line.vatRate ?? 0;
    if (claimed < expected)
      reject(
        `line ${line.id}: VAT rate ${claimed} is below the ${expected} of category ${line.category} in ${store.country ?? 'the store'}`,
      );
  }
}
