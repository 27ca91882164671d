import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { lockDataDir } from './data-dir-lock';
import type { Database, Db } from './database';
import { parseInt8 } from './safe-integer';
import * as schema from './schema';
import { sessionOver } from './session';

/**
 * PGlite keeps up to 1 GB of WAL by default; these cap it (see STACK-NOTES.md). startParams
 * replaces PGlite's own defaults, so they are kept in front.
 */
const START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...['-c', 'max_wal_size=64MB', '-c', 'min_wal_size=32MB'],
];

/**
 * The embedded database: one PostgreSQL connection inside this process, its files in
 * `dataDir/pglite`. PGlite never calls fsync, so a power loss can lose recent writes: for trying
 * out and small single-site use; production runs on PostgreSQL.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const pgliteDir = path.join(dataDir, 'pglite');
  mkdirSync(pgliteDir, { recursive: true });
  const unlock = lockDataDir(`${pgliteDir}.lock`);
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: pgliteDir,
      startParams: START_PARAMS,
      parsers: { [types.INT8]: parseInt8 },
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const db: Db = drizzle({ client, schema });
  return {
    ...sessionOver(db, { inThread: true }),
    native: { kind: 'pglite', client },
    description: `embedded PGlite in ${pgliteDir}`,
    transaction: (work) => db.transaction((tx) => work(sessionOver(tx, { inThread: true }))),
    async close() {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}
