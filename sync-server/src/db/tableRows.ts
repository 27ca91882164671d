import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

/**
 * Reads a table's rows fetched by a plain statement into the objects the query builder would have
 * made, with each column's own decoder (dates, checked bigints, JSON). For hot reads of many rows,
 * where building a statement with one parameter per key and mapping its result through the query
 * builder cost more than the rest of the read.
 */
export interface TableRows<T extends Table> {
  /** The table's columns as a select list, each as `<prefix><field name>`, from `alias`. */
  readonly selectList: string;
  /** The row of `raw` (as the select list named its columns), or null when its key column is null. */
  read(raw: Record<string, unknown>): InferSelectModel<T> | null;
}

export function tableRows<T extends Table>(
  table: T,
  alias: string,
  key: keyof InferSelectModel<T> & string,
  prefix = '',
): TableRows<T> {
  const columns = Object.entries(getTableColumns(table)).map(([field, column]) => ({
    field,
    label: `${prefix}${field}`,
    decode: (value: unknown): unknown => column.mapFromDriverValue(value),
    sqlName: column.name,
  }));
  const keyLabel = `${prefix}${key}`;
  return {
    selectList: columns.map((c) => `${alias}."${c.sqlName}" as "${c.label}"`).join(', '),
    read(raw) {
      if (raw[keyLabel] === null || raw[keyLabel] === undefined) return null;
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        const value = raw[c.label];
        row[c.field] = value === null || value === undefined ? null : c.decode(value);
      }
      return row as InferSelectModel<T>;
    },
  };
}
