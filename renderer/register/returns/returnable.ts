import type { SaleFact } from '../../../shared/protocol/sync';
import type { RegisterDb } from '../localdb/schema';

/** A sale this register holds, with the items of each line already returned. */
export interface Returnable {
  readonly sale: SaleFact;
  readonly returned: ReadonlyMap<string, number>;
}

/** The register's sales, newest first, each with what earlier returns took back. */
export async function readReturnable(db: RegisterDb): Promise<Returnable[]> {
  const rows = await db.facts.where('type').equals('sale').reverse().sortBy('seq');
  const returned = new Map<string, Map<string, number>>();
  const sales: SaleFact[] = [];
  for (const row of rows) {
    if (row.fact.type !== 'sale' || row.status === 'rejected') continue;
    const { returnOf } = row.fact.receipt;
    if (!returnOf) {
      sales.push(row.fact);
      continue;
    }
    const lines = returned.get(returnOf.sale) ?? new Map<string, number>();
    for (const line of returnOf.lines)
      lines.set(line.id, (lines.get(line.id) ?? 0) + line.quantity);
    returned.set(returnOf.sale, lines);
  }
  return sales.map((sale) => ({ sale, returned: returned.get(sale.id) ?? new Map() }));
}
