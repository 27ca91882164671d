import type { RunLedger } from '../ledger/runLedger';
import { reject } from './rejection';

/**
 * A receipt's entries are its sale's own: an id the ledger already holds for another fact (a
 * register that used an id twice, or copied one from another receipt) is refused, so a sale never
 * settles, takes over or counts as a duplicate of another fact's entry. A rejection of the sale's
 * loyalty part: the sale itself is kept.
 */
export function mustOwnEntries(
  ledger: RunLedger,
  factId: string,
  entries: readonly { readonly id: string }[],
): void {
  for (const { id } of entries) {
    const known = ledger.known(id);
    if (known && known.factId !== factId)
      reject(`entry ${id} of the receipt is already another fact's; its points are not posted`);
  }
}
