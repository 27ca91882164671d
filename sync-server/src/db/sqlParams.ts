/** Collects the parameters of a raw statement and hands out their `$n` placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** to_char's fraction of a second: milliseconds, or microseconds (PostgreSQL's whole precision). */
const FRACTION = { ms: 'MS', us: 'US' } as const;

/**
 * A timestamptz as an ISO 8601 instant in UTC ("2026-03-01T10:00:00.000Z"), or null: with
 * milliseconds, as the API answers it; with microseconds where the text must order and compare
 * as the column does (a page cursor).
 */
export const isoSql = (column: string, precision: keyof typeof FRACTION = 'ms') =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${FRACTION[precision]}"Z"')`;
