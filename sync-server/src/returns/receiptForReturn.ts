import { SaleFact } from '../../../shared/protocol/sync';
import type { ReceiptForReturn } from '../../../shared/protocol/api';
import type { Session } from '../db/database';
import { SqlParams } from '../db/sqlParams';
import { receiptNumberMatch } from '../hq/sales';

interface FoundRow {
  id: string;
  body: unknown;
  status: 'pending' | 'posted' | 'rejected';
  reason: string | null;
  posted_lines: unknown;
}

type Lines = SaleFact['receipt']['lines'];

/**
 * The lines a return reverses: as the server posted them (its own split of the points), none for a
 * sale kept without its points, and the register's own while the sale waits to be posted.
 */
function linesForReturn(row: FoundRow, sale: SaleFact): Lines {
  if (row.status === 'posted' && row.reason !== null)
    return sale.receipt.lines.map((line) => ({ ...line, earned: {}, redeemed: {} }));
  if (row.status === 'posted' && Array.isArray(row.posted_lines))
    return SaleFact.shape.receipt.shape.lines.parse(row.posted_lines);
  return sale.receipt.lines;
}

/**
 * The returns of sale $1: those posted, through the sales' `return_of`, and those still pending,
 * by the sale their body names (the partial index `facts_pending_return_of_idx`).
 */
export const RETURNS_OF_SALE_SQL = `select f.body from sales s join facts f on f.id = s.fact_id
      where s.return_of = $1 and f.status = 'posted'
     union all
     select f.body from facts f
      where f.status = 'pending' and f.type = 'sale'
        and f.body -> 'receipt' -> 'returnOf' ->> 'sale' = $1`;

/** Items of each line of the sale that returns (posted or still pending) took back. */
async function returnedOf(session: Session, saleId: string): Promise<Record<string, number>> {
  const { rows } = await session.query<{ body: unknown }>(RETURNS_OF_SALE_SQL, [saleId]);
  const returned: Record<string, number> = {};
  for (const { body } of rows) {
    const parsed = SaleFact.safeParse(body);
    for (const line of parsed.success ? (parsed.data.receipt.returnOf?.lines ?? []) : [])
      returned[line.id] = (returned[line.id] ?? 0) + line.quantity;
  }
  return returned;
}

/**
 * A sale (not a return) of `store` by its printed receipt number ("S1-R1-000042"), with what earlier
 * returns took back; null when the store has no such receipt (or its fact was rejected whole).
 */
export async function receiptForReturn(
  session: Session,
  store: string,
  number: string,
): Promise<ReceiptForReturn | null> {
  const params = new SqlParams();
  const match = receiptNumberMatch(number, params, 'f');
  if (!match) return null;
  const { rows } = await session.query<FoundRow>(
    `select f.id, f.body, f.status, f.reason, s.lines as posted_lines
       from facts f left join sales s on s.fact_id = f.id
      where f.type = 'sale' and f.status <> 'rejected' and f.store_id = ${params.add(store)}
        and coalesce(f.body -> 'receipt' -> 'returnOf', 'null'::jsonb) = 'null'::jsonb
        and (false${match})
      order by f.server_time
      limit 1`,
    params.values,
  );
  const row = rows[0];
  if (!row) return null;
  const parsed = SaleFact.safeParse(row.body);
  if (!parsed.success) return null;
  const sale = parsed.data;
  return {
    sale: { ...sale, receipt: { ...sale.receipt, lines: linesForReturn(row, sale) } },
    returned: await returnedOf(session, sale.id),
  };
}
