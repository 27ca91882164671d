import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../sync-server/src/db/database';
import { migrate, MigrationHistoryError } from '../../sync-server/src/db/migrate';
import { readMigrationFiles } from '../../sync-server/src/db/migration-files';
import {
  DATABASE_URL,
  TEST_BACKENDS,
  PGLITE_CREATE_TIMEOUT,
  postgresBackend,
  schemaSnapshot,
  type TestBackend,
} from './helpers/backends';

const allMigrations = readMigrationFiles().map((file) => file.name);
/** Above Linux's largest pid (2^22). */
const NO_SUCH_PID = 2 ** 30;

for (const { name, skip, create } of TEST_BACKENDS) {
  describe.skipIf(skip)(`migrations on ${name}`, { timeout: 30_000 }, () => {
    let backend: TestBackend;
    let database: Database;

    beforeAll(async () => {
      backend = await create();
      database = await backend.open();
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await database?.close();
      await backend?.remove();
    });

    it('applies every migration to a fresh database, in order', async () => {
      expect(allMigrations.slice(0, 2)).toEqual(['0000_init', '0001_ledger_append_only']);
      const report = await migrate(database);
      expect(report).toEqual({ applied: allMigrations, alreadyApplied: 0 });
      const tables = await database.query<{ count: number }>(
        `select count(*) as count from information_schema.tables
         where table_schema = 'public' and table_name in ('cards', 'ledger_entries', 'facts', 'job_runs')`,
      );
      expect(tables.rows[0]?.count).toBe(4);
    });

    it('does nothing when migrated again, also after reopening', async () => {
      const before = await schemaSnapshot(database);
      expect(await migrate(database)).toEqual({
        applied: [],
        alreadyApplied: allMigrations.length,
      });
      await database.close();
      database = await backend.open();
      expect(await migrate(database)).toEqual({
        applied: [],
        alreadyApplied: allMigrations.length,
      });
      expect(await schemaSnapshot(database)).toEqual(before);
    });

    it('refuses a history whose recorded hash differs from the file, and changes nothing', async () => {
      await database.query(
        `update schema_migrations set hash = 'tampered' where name = '0000_init'`,
      );
      const before = await schemaSnapshot(database);
      const refusal = migrate(database);
      await expect(refusal).rejects.toBeInstanceOf(MigrationHistoryError);
      await expect(refusal).rejects.toThrow(/0000_init was changed after it was applied/);
      expect(await schemaSnapshot(database)).toEqual(before);
      // Put the history back so later tests start from a migrated database.
      const [init] = readMigrationFiles();
      await database.query(`update schema_migrations set hash = $1 where name = '0000_init'`, [
        init?.hash,
      ]);
      expect((await migrate(database)).applied).toEqual([]);
    });

    if (name === 'PGlite') {
      it('lets one process at a time open the embedded database', async () => {
        await expect(backend.open()).rejects.toThrow(
          `the embedded database is in use by process ${process.pid}`,
        );
        // A lock left by a process that is gone (a crash) is taken over.
        await database.close();
        const lockFile = path.join(backend.dataDir ?? '', 'pglite.lock');
        await writeFile(lockFile, String(NO_SUCH_PID));
        database = await backend.open();
        expect(await readFile(lockFile, 'utf8')).toBe(String(process.pid));
        expect((await migrate(database)).applied).toEqual([]);
      });
    }
  });
}

describe.skipIf(!DATABASE_URL)('migrations on PostgreSQL from two processes at once', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await postgresBackend(DATABASE_URL ?? '');
  });
  afterAll(async () => backend?.remove());

  it('applies each migration once: the second waits for the first and finds nothing to do', async () => {
    const [first, second] = await Promise.all([backend.open(), backend.open()]);
    try {
      const reports = await Promise.all([migrate(first), migrate(second)]);
      const applied = reports.map((report) => report.applied.length).sort();
      expect(applied).toEqual([0, allMigrations.length]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
