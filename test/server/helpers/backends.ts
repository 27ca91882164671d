import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../../sync-server/src/db/database';
import { openPglite } from '../../../sync-server/src/db/pglite';
import { openPostgres } from '../../../sync-server/src/db/postgres';

/** A place to open databases for one test file, created in beforeAll and removed in afterAll. */
export interface TestBackend {
  readonly name: string;
  /** DATA_DIR of the embedded database (PGlite only). */
  readonly dataDir?: string;
  /** The environment a server process needs to open this database (DATABASE_URL or DATA_DIR). */
  readonly env: Record<string, string>;
  /** Opens the same database again (for PGlite: the same data directory). */
  open(): Promise<Database>;
  remove(): Promise<void>;
}

/**
 * First creation takes about 5 s on an idle machine; open it once per file and reuse it. The limit
 * is a ceiling for a loaded CI machine (a setup was seen to pass 60 s there), not an expected time.
 */
export const PGLITE_CREATE_TIMEOUT = 180_000;

export async function pgliteBackend(): Promise<TestBackend> {
  const dir = await mkdtemp(path.join(tmpdir(), 'loyalty-pglite-'));
  return {
    name: 'PGlite',
    dataDir: dir,
    env: { DATA_DIR: dir },
    open: () => openPglite(dir),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The real server CI provides; tests against it are skipped without it. */
export const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;

/**
 * A database of its own on the server at `adminUrl`, named test_server_<random>, so reruns and
 * parallel test files never see each other's tables. Dropped (even with open connections) by remove().
 */
export async function postgresBackend(adminUrl: string): Promise<TestBackend> {
  const name = `test_server_${randomBytes(6).toString('hex')}`;
  await runAsAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: url.toString() },
    open: () => openPostgres(url.toString(), { poolSize: 4 }),
    remove: () => runAsAdmin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Where the database tests run: always PGlite; the real PostgreSQL only when DATABASE_URL is set
 * (the one allowed skip: CI sets it).
 */
export const TEST_BACKENDS: { name: string; skip: boolean; create: () => Promise<TestBackend> }[] =
  [
    { name: 'PGlite', skip: false, create: pgliteBackend },
    { name: 'PostgreSQL', skip: !DATABASE_URL, create: () => postgresBackend(DATABASE_URL ?? '') },
  ];

async function runAsAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Tables and recorded migrations: what "nothing changed" compares. */
export async function schemaSnapshot(database: Database): Promise<unknown> {
  const tables = await database.query<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_schema = any (current_schemas(false)) order by 1`,
  );
  const hasHistory = tables.rows.some((row) => row.name.endsWith('.schema_migrations'));
  const history = hasHistory
    ? (await database.query('select id, name, hash, applied_at from schema_migrations order by id'))
        .rows
    : [];
  return { tables: tables.rows.map((row) => row.name), history };
}
