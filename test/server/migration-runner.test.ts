import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../sync-server/src/db/database';
import { migrate, MigrationHistoryError } from '../../sync-server/src/db/migrate';
import { readMigrationFiles } from '../../sync-server/src/db/migration-files';
import {
  PGLITE_CREATE_TIMEOUT,
  pgliteBackend,
  schemaSnapshot,
  type TestBackend,
} from './helpers/backends';

const folders: string[] = [];

/** A folder of migration files, removed after the tests. */
async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'loyalty-migrations-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text);
  return folder;
}

afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

/**
 * The runner's rules on small made-up histories. One PGlite for the file; each test works in a
 * schema of its own (PGlite is one connection, so search_path set here holds for the runner too).
 */
describe('migration runner', { timeout: 30_000 }, () => {
  let backend: TestBackend;
  let database: Database;
  let schemaCount = 0;

  beforeAll(async () => {
    backend = await pgliteBackend();
    database = await backend.open();
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await database?.close();
    await backend?.remove();
  });

  async function freshSchema(): Promise<void> {
    schemaCount += 1;
    await database.query(`create schema runner_${schemaCount}`);
    await database.query(`set search_path to runner_${schemaCount}`);
  }

  const tablesA = {
    '0000_a.sql': 'create table a (id int primary key);',
    '0001_b.sql': 'create table b (id int);\n--> statement-breakpoint\ninsert into b values (1);',
  };

  it('applies only what is new, statement by statement, and records name and hash', async () => {
    await freshSchema();
    const first = readMigrationFiles(await folderWith(tablesA));
    expect(await migrate(database, first)).toEqual({
      applied: ['0000_a', '0001_b'],
      alreadyApplied: 0,
    });

    const grown = readMigrationFiles(
      await folderWith({ ...tablesA, '0002_c.sql': 'create table c (id int);' }),
    );
    expect(await migrate(database, grown)).toEqual({ applied: ['0002_c'], alreadyApplied: 2 });
    const history = await database.query<{ name: string; hash: string }>(
      'select name, hash from schema_migrations order by id',
    );
    expect(history.rows).toEqual(grown.map(({ name, hash }) => ({ name, hash })));
    expect((await database.query('select * from b')).rows).toEqual([{ id: 1 }]);
  });

  it('rolls back the whole run when one migration fails', async () => {
    await freshSchema();
    const files = readMigrationFiles(
      await folderWith({ ...tablesA, '0002_broken.sql': 'create table c (id no_such_type);' }),
    );
    await expect(migrate(database, files)).rejects.toThrow(/migration 0002_broken failed/);
    expect(await schemaSnapshot(database)).toEqual({ tables: [], history: [] });
  });

  it('refuses a changed migration and leaves the pending ones unapplied', async () => {
    await freshSchema();
    await migrate(database, readMigrationFiles(await folderWith(tablesA)));
    const before = await schemaSnapshot(database);
    const edited = readMigrationFiles(
      await folderWith({
        ...tablesA,
        '0001_b.sql': 'create table b (id bigint);',
        '0002_c.sql': 'create table c (id int);',
      }),
    );
    await expect(migrate(database, edited)).rejects.toThrow(
      /0001_b was changed after it was applied/,
    );
    expect(await schemaSnapshot(database)).toEqual(before);
  });

  it('refuses a history that names a migration whose file is gone or renamed', async () => {
    await freshSchema();
    await migrate(database, readMigrationFiles(await folderWith(tablesA)));
    const before = await schemaSnapshot(database);

    const missing = readMigrationFiles(await folderWith({ '0000_a.sql': tablesA['0000_a.sql'] }));
    const refusal = migrate(database, missing);
    await expect(refusal).rejects.toBeInstanceOf(MigrationHistoryError);
    await expect(refusal).rejects.toThrow(/0001_b was applied but its file is missing/);

    const renamed = readMigrationFiles(
      await folderWith({
        '0000_a.sql': tablesA['0000_a.sql'],
        '0001_bee.sql': tablesA['0001_b.sql'],
      }),
    );
    await expect(migrate(database, renamed)).rejects.toThrow(
      /migration 1 was applied as 0001_b, but the file is now 0001_bee/,
    );
    expect(await schemaSnapshot(database)).toEqual(before);
  });
});

describe('migration files', () => {
  it('must be numbered from 0000 without gaps', async () => {
    const gap = await folderWith({ '0000_a.sql': 'select 1;', '0002_c.sql': 'select 1;' });
    expect(() => readMigrationFiles(gap)).toThrow(/0002_c.sql .*expected number 0001/);
  });

  it('must be named NNNN_words.sql', async () => {
    const badName = await folderWith({ '0000-Init.sql': 'select 1;' });
    expect(() => readMigrationFiles(badName)).toThrow(/name it NNNN_words.sql/);
  });

  it('hash the same with Windows line endings', async () => {
    const unix = await folderWith({ '0000_a.sql': 'select 1;\nselect 2;\n' });
    const windows = await folderWith({ '0000_a.sql': 'select 1;\r\nselect 2;\r\n' });
    expect(readMigrationFiles(windows)[0]?.hash).toBe(readMigrationFiles(unix)[0]?.hash);
  });

  it('ship as sync-server/migrations, starting with the drizzle-kit generated 0000_init', () => {
    const [init] = readMigrationFiles();
    expect(init?.name).toBe('0000_init');
    expect(init?.statements.some((statement) => statement.startsWith('CREATE TABLE "cards"'))).toBe(
      true,
    );
  });
});
