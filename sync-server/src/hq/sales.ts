import type { z } from 'zod';
import { receiptNumber } from '../../../shared/checkout/receipt';
import { formatAmount, parseAmount } from '../../../shared/units/money';
import { vatByRate } from '../../../shared/units/vat';
import type { Session } from '../db/database';
import { isoSql, SqlParams } from '../db/sqlParams';
import {
  SALES_CURSOR,
  type SalesPage,
  type SalesQuery,
  type StoredSale,
} from '../../../shared/protocol/api/hqWire';

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
  device_seq: string | number;
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
      vatRate: Number(raw['vatRate'] ?? 0),
      earned: Object.fromEntries(Object.entries(earned).filter(([, points]) => points !== 0)),
    };
  });
}

function vatOf(lines: StoredSale['lines'], currency: string): StoredSale['vat'] {
  const money = (minor: number) => formatAmount(minor, currency);
  const parts = vatByRate(
    lines.map((line) => ({ gross: parseAmount(line.netAmount, currency), rate: line.vatRate })),
  );
  return parts.map((part) => ({
    rate: part.rate,
    net: money(part.net),
    vat: money(part.vat),
    gross: money(part.gross),
  }));
}

function toSale(row: Row): StoredSale {
  const lines = linesOf(row.lines);
  return {
    id: row.id,
    receiptNumber: receiptNumber({
      store: row.store,
      register: row.register,
      deviceSeq: Number(row.device_seq),
    }),
    store: row.store,
    register: row.register,
    staff: row.staff,
    card: row.card,
    currency: row.currency,
    total: formatAmount(Number(row.total_minor), row.currency),
    offline: row.offline,
    deviceTime: row.device_time,
    lines,
    vat: vatOf(lines, row.currency),
  };
}

/** A receipt number ("S1-R1-000042") read back: the register as printed and the sequence. */
export function parseReceiptNumber(text: string): { register: string; deviceSeq: number } | null {
  const match = /^(.+)-(\d{6,15})$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  return { register: match[1], deviceSeq: Number(match[2]) };
}

/** The SQL that also matches a sale by its printed receipt number, when the search is one. */
export function receiptNumberMatch(search: string, params: SqlParams, alias = 's'): string {
  const number = parseReceiptNumber(search);
  if (!number) return '';
  const register = params.add(number.register);
  return ` or (${alias}.device_seq = ${params.add(number.deviceSeq)} and (${alias}.register_id = ${register} or ${alias}.store_id || '-' || ${alias}.register_id = ${register}))`;
}

/** `like` matches the text literally: its wildcards are escaped. */
const prefixPattern = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(query: SalesQuery, params: SqlParams): string[] {
  // Returns are kept in the same table; a return is no basket to try a scheme on.
  const where: string[] = ['s.return_of is null'];
  if (query.store !== undefined) where.push(`s.store_id = ${params.add(query.store)}`);
  if (query.register !== undefined) where.push(`s.register_id = ${params.add(query.register)}`);
  if (query.search !== undefined) {
    const pattern = params.add(prefixPattern(query.search));
    where.push(
      `(s.id like ${pattern} or s.card_number like ${pattern}${receiptNumberMatch(query.search, params)})`,
    );
  }
  const cursor = query.before === undefined ? null : SALES_CURSOR.exec(query.before);
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
        s.card_number as card, s.currency, s.total_minor, s.offline, s.lines, s.device_seq,
        ${isoSql('s.device_time')} as device_time,
        ${isoSql('s.device_time', 'us')} || '~' || s.id as cursor
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
