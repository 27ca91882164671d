import { z } from 'zod';
import { Id } from '../../../shared/domain/common';
import { formatAmount } from '../../../shared/units/money';
import type { Session } from '../db/database';
import { isoSql, SqlParams } from '../db/sqlParams';

/** `before` is the `next` of the previous page: the device time (µs) and the receipt id. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~(.{1,100})$/;

export const SalesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().regex(CURSOR, 'must be the next cursor of a previous page').optional(),
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
  earned: z.record(z.string(), z.number()),
});

export const StoredSale = z.object({
  id: z.string(),
  store: Id,
  register: Id,
  staff: z.string().nullable(),
  card: z.string().nullable(),
  currency: z.string(),
  total: z.string(),
  offline: z.boolean(),
  deviceTime: z.string(),
  lines: z.array(StoredSaleLine),
});
export type StoredSale = z.infer<typeof StoredSale>;

export const SalesPage = z.object({ items: z.array(StoredSale), next: z.string().nullable() });

interface Row {
  id: string;
  store: string;
  register: string;
  staff: string | null;
  card: string | null;
  currency: string;
  total_minor: string | number;
  offline: boolean;
  device_time: string;
  lines: unknown;
  cursor: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/** The stored lines in the simulator's terms; anything the line lacks reads as empty. */
function linesOf(stored: unknown): StoredSale['lines'] {
  if (!Array.isArray(stored)) return [];
  return stored.map((raw: Record<string, unknown>, i) => {
    const earned = (raw['earned'] ?? {}) as Record<string, number>;
    return {
      id: text(raw['id'] ?? i + 1),
      product: text(raw['product']),
      category: text(raw['category']),
      quantity: Number(raw['quantity'] ?? 0),
      netAmount: text(raw['netAmount']),
      earned: Object.fromEntries(Object.entries(earned).filter(([, points]) => points !== 0)),
    };
  });
}

const toSale = (row: Row): StoredSale => ({
  id: row.id,
  store: row.store,
  register: row.register,
  staff: row.staff,
  card: row.card,
  currency: row.currency,
  total: formatAmount(Number(row.total_minor), row.currency),
  offline: row.offline,
  deviceTime: row.device_time,
  lines: linesOf(row.lines),
});

/** `like` matches the text literally: its wildcards are escaped. */
const prefixPattern = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(query: SalesQuery, params: SqlParams): string[] {
  // Returns are kept in the same table; a return is no basket to try a scheme on.
  const where: string[] = ['s.return_of is null'];
  if (query.store !== undefined) where.push(`s.store_id = ${params.add(query.store)}`);
  if (query.register !== undefined) where.push(`s.register_id = ${params.add(query.register)}`);
  if (query.search !== undefined) {
    const pattern = params.add(prefixPattern(query.search));
    where.push(`(s.id like ${pattern} or s.card_number like ${pattern})`);
  }
  const cursor = query.before === undefined ? null : CURSOR.exec(query.before);
  if (cursor)
    where.push(
      `(s.device_time, s.id) < (${params.add(cursor[1])}::timestamptz, ${params.add(cursor[2])})`,
    );
  return where;
}

/**
 * Sales the server keeps (not returns), newest first by device time, a page at a time: head
 * office picks one as a basket for the scheme simulator.
 */
export async function listSales(
  session: Session,
  query: SalesQuery,
): Promise<z.infer<typeof SalesPage>> {
  const params = new SqlParams();
  const where = conditions(query, params);
  const limit = params.add(query.limit + 1);
  const result = await session.query<Row>(
    `select s.id, s.store_id as store, s.register_id as register, s.staff_id as staff,
        s.card_number as card, s.currency, s.total_minor, s.offline, s.lines,
        ${isoSql('s.device_time')} as device_time,
        to_char(s.device_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '~' || s.id
          as cursor
      from sales s
      where ${where.join(' and ')}
      order by s.device_time desc, s.id desc
      limit ${limit}`,
    params.values,
  );
  const rows = result.rows.slice(0, query.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(toSale),
    next: result.rows.length > query.limit && last ? last.cursor : null,
  };
}
