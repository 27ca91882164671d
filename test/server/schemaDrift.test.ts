import { is, SQL } from 'drizzle-orm';
import type { IndexedColumn } from 'drizzle-orm/pg-core';
import { getTableConfig, PgDialect, PgTable, type Index } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../sync-server/src/db/database';
import { INDEX_INCLUDES } from '../../sync-server/src/db/indexIncludes';
import { migrate } from '../../sync-server/src/db/migrate';
import * as schema from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';

/** PostgreSQL writes `numeric(12,2)`, drizzle `numeric(12, 2)`: compared without spaces. */
const normalType = (type: string) => type.replace(/\s*,\s*/g, ',').toLowerCase();

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value, PgTable),
);
const declaredTableNames = tables.map((table) => getTableConfig(table).name);

const dialect = new PgDialect();
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sqlText = (fragment: SQL) => dialect.sqlToQuery(fragment, 'indexes').sql;

/** One key part of a Drizzle index as CREATE INDEX writes it: a column or an expression. */
function keyPart(part: Partial<IndexedColumn | SQL>): string {
  if (is(part, SQL)) return sqlText(part);
  const column = part as IndexedColumn;
  const config = column.indexConfig ?? {};
  return [
    quoted(column.name ?? ''),
    config.opClass,
    config.order === 'desc' ? 'desc' : undefined,
    config.nulls ? `nulls ${config.nulls}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The CREATE INDEX statement a Drizzle index stands for, under another name. PostgreSQL builds it
 * and writes it back with pg_get_indexdef, so both sides are compared in the database's own words
 * (its spelling of expressions, operator classes and predicates), not in two hand-made spellings.
 */
function createStatement(table: string, index: Index, name: string): string {
  const { config } = index;
  const include = INDEX_INCLUDES[config.name ?? ''];
  return [
    `create ${config.unique ? 'unique ' : ''}index ${quoted(name)} on ${quoted(table)}`,
    `using ${config.method ?? 'btree'} (${config.columns.map(keyPart).join(', ')})`,
    include ? `include (${include.map(quoted).join(', ')})` : '',
    config.where ? `where ${sqlText(config.where)}` : '',
  ].join(' ');
}

interface IndexRow {
  name: string;
  table: string;
  definition: string;
}

/** Indexes of the tables Drizzle declares, except those behind a primary key or unique constraint. */
const INDEXES_QUERY = `
  select i.relname as name, t.relname as "table", pg_get_indexdef(x.indexrelid) as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
   where n.nspname = 'public' and t.relname = any($1::text[])
     and not exists (select 1 from pg_constraint c
                      where c.conindid = x.indexrelid and c.conrelid = x.indrelid
                        and c.contype in ('p', 'u', 'x'))`;

for (const backendKind of TEST_BACKENDS) {
  /**
   * The Drizzle schema (sync-server/src/db/schema) and the database that every migration file in
   * sync-server/migrations builds must agree: the same tables, columns with the same types and
   * nullability, the same indexes (name, columns or expressions, operator classes, uniqueness,
   * partial predicate, covering columns) and unique constraints. Migrations are written by hand;
   * this keeps the query builder's picture of the tables true, whatever migrations are added.
   */
  describe.skipIf(backendKind.skip)(
    `the Drizzle schema against the migrated database (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let database: Database;

      beforeAll(async () => {
        backend = await backendKind.create();
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
        expect(declaredTableNames.length).toBeGreaterThan(10);
        expect(declaredTableNames.filter((name) => !inDatabase.has(name))).toEqual([]);
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

      it('declares every index the migrations made, and only those, with the same definition', async () => {
        const migrated = (await database.query<IndexRow>(INDEXES_QUERY, [declaredTableNames])).rows;
        const declared = tables.flatMap((table) => {
          const config = getTableConfig(table);
          return config.indexes.map((index) => ({ table: config.name, index }));
        });
        const declaredNames = declared.map(({ index }) => index.config.name ?? '(unnamed)');

        expect(migrated.length).toBeGreaterThan(40);
        expect(
          migrated.map((row) => row.name).filter((name) => !declaredNames.includes(name)),
          'indexes the migrations make that the Drizzle schema does not declare',
        ).toEqual([]);
        expect(
          declaredNames.filter((name) => !migrated.some((row) => row.name === name)),
          'indexes the Drizzle schema declares that the migrations do not make',
        ).toEqual([]);
        expect(
          Object.keys(INDEX_INCLUDES).filter((name) => !declaredNames.includes(name)),
          'covering columns listed for an index the schema does not declare',
        ).toEqual([]);

        // Each declared index, built by PostgreSQL under a scratch name, must read back exactly
        // as the migrated one does.
        for (const [position, { table, index }] of declared.entries()) {
          const name = index.config.name ?? '';
          const scratch = `drift_check_${position}`;
          await database.query(createStatement(table, index, scratch));
          const built = await database.query<{ definition: string }>(
            `select pg_get_indexdef(to_regclass($1)) as definition`,
            [quoted(scratch)],
          );
          await database.query(`drop index ${quoted(scratch)}`);
          const asDeclared = built.rows[0]?.definition.replace(
            ` INDEX ${scratch} ON `,
            ` INDEX ${name} ON `,
          );
          const inDatabase = migrated.find((row) => row.name === name)?.definition;
          expect(asDeclared, `index ${name} as declared`).toBe(inDatabase);
        }
      });

      it('declares every unique constraint the migrations made, on the same columns', async () => {
        const { rows } = await database.query<{ described: string }>(
          `select t.relname || '.' || c.conname || ' (' ||
                  (select string_agg(a.attname, ', ' order by k.position)
                     from unnest(c.conkey) with ordinality as k(attnum, position)
                     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)
                  || ')' as described
             from pg_constraint c
             join pg_class t on t.oid = c.conrelid
             join pg_namespace n on n.oid = t.relnamespace
            where n.nspname = 'public' and c.contype = 'u' and t.relname = any($1::text[])`,
          [declaredTableNames],
        );
        const declared = tables.flatMap((table) => {
          const config = getTableConfig(table);
          return config.uniqueConstraints.map(
            (constraint) =>
              `${config.name}.${constraint.getName()} (${constraint.columns
                .map((column) => column.name)
                .join(', ')})`,
          );
        });
        expect(declared.sort()).toEqual(rows.map((row) => row.described).sort());
      });
    },
  );
}
