import { sql } from 'drizzle-orm';
import { check, customType, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { toSafeInteger } from './safe-integer';

/**
 * A bigint column read and written as a JS number, refusing anything that is not a safe integer.
 * Used for points, money in minor units and device sequences: drizzle's own bigint mode 'number'
 * calls Number() and would silently round beyond 2^53.
 */
export const safeBigint = customType<{ data: number; driverData: string | number | bigint }>({
  dataType: () => 'bigint',
  toDriver: (value) => toSafeInteger(value, 'a bigint value'),
  fromDriver: (value) => toSafeInteger(value, 'a bigint column'),
});

/** An instant: timestamptz, read as a JS Date. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** created_at / updated_at for master data; updated_at drives "what changed" for distribution. */
export const auditTimes = {
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
};

/** A CHECK that a text column holds one of a fixed set of values (text + CHECK evolves more easily than an enum type). */
export function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  const list = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');
  return check(name, sql`${column} in (${sql.raw(list)})`);
}
