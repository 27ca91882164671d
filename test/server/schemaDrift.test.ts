import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../sync-server/src/db/database';
import { migrate } from '../../sync-server/src/db/migrate';
import * as schema from '../../sync-server/src/db/schema';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from './helpers/backends';

/** PostgreSQL writes `numeric(12,2)`, drizzle `numeric(12, 2)`: compared without spaces. */
const normalType = (type: string) => type.replace(/\s*,\s*/g, ',').toLowerCase();

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value, PgTable),
);

/**
 * The Drizzle schema (sync-server/src/db/schema) and the database that every migration file in
 * sync-server/migrations builds must agree: the same tables, columns with the same types and
 * nullability, (indexes are not compared yet). Migrations are written by hand; this keeps the query
 * builder's picture of the tables true, whatever migrations are added.
 */
describe('the Drizzle schema against the migrated database', () => {
  let backend: TestBackend;
  let database: Database;

  beforeAll(async () => {
    backend = await pgliteBackend();
    database = await backend.open();
    await migrate(database);
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await database?.close();
    await backend?.remove();
  });

  it('has a table in the database for every Drizzle table', async () => {
    const { rows } = await database.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const inDatabase = new Set(rows.map((row) => row.name));
    const declared = tables.map((table) => getTableConfig(table).name);
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((name) => !inDatabase.has(name))).toEqual([]);
  });

  it('declares every column with the type and nullability the migrations gave it', async () => {
    const { rows } = await database.query<{
      table: string;
      column: string;
      type: string;
      notNull: boolean;
    }>(
      `select c.relname as table, a.attname as column,
              format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull"
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0
          and not a.attisdropped`,
    );
    const described = (table: string, column: string, type: string, notNull: boolean) =>
      `${table}.${column} ${normalType(type)}${notNull ? ' not null' : ''}`;
    for (const table of tables) {
      const config = getTableConfig(table);
      const inDatabase = rows
        .filter((row) => row.table === config.name)
        .map((row) => described(row.table, row.column, row.type, row.notNull))
        .sort();
      const declared = config.columns
        .map((column) =>
          described(
            config.name,
            column.name,
            column.getSQLType(),
            column.notNull || column.primary,
          ),
        )
        .sort();
      expect(declared).toEqual(inDatabase);
    }
  });
});
