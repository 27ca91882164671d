import type { SaleFact } from '../../../shared/protocol/sync';
import type { RegisterDb } from '../localdb/schema';

/** A sale this register holds, with the items of each line already returned. */
export interface Returnable {
  readonly sale: SaleFact;
  readonly returned: ReadonlyMap<string, number>;
}

/**
 * A sale the server kept without its points (its card was blocked or unknown): as the server
 * stored it, its lines hold no points, so a return of it takes none back.
 */
const withoutPoints = (sale: SaleFact): SaleFact => ({
  ...sale,
  receipt: {
    ...sale.receipt,
    lines: sale.receipt.lines.map((line) => ({ ...line, earned: {}, redeemed: {} })),
  },
});

/** The register's sales, newest first, each with what earlier returns took back. */
export async function readReturnable(db: RegisterDb): Promise<Returnable[]> {
  const rows = await db.facts.where('type').equals('sale').reverse().sortBy('seq');
  const returned = new Map<string, Map<string, number>>();
  const sales: SaleFact[] = [];
  for (const row of rows) {
    if (row.fact.type !== 'sale' || row.status === 'rejected') continue;
    const { returnOf } = row.fact.receipt;
    if (!returnOf) {
      sales.push(row.status === 'loyaltyRejected' ? withoutPoints(row.fact) : row.fact);
      continue;
    }
    const lines = returned.get(returnOf.sale) ?? new Map<string, number>();
    for (const line of returnOf.lines)
      lines.set(line.id, (lines.get(line.id) ?? 0) + line.quantity);
    returned.set(returnOf.sale, lines);
  }
  return sales.map((sale) => ({ sale, returned: returned.get(sale.id) ?? new Map() }));
}
