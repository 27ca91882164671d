import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database, Db } from './database';
import { describeError } from './errors';
import { parseInt8 } from './safe-integer';
import * as schema from './schema';
import { sessionOver } from './session';

// pg reads bigint as a string by default. Drizzle's per-query type overrides fall back to pg's
// global parsers, so the guard has to be registered there to cover raw rows and count(*) alike.
pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);

export interface PostgresOptions {
  /** Connections in the pool (pg's default is 10). */
  poolSize?: number;
}

/** A real PostgreSQL server at `url` (postgres://user:password@host:port/database). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The pool drops the client; the next query opens a new one.
  pool.on('error', (error) => console.error(`database: idle connection failed: ${error.message}`));
  // A client checked out of the pool (inside a transaction, between two statements) that loses its
  // connection emits 'error' on itself, where the pool listens no more: that too would crash the
  // process. The statement waiting on it fails instead, as a connection failure (503, retried).
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      console.error(`database: connection in use failed: ${error.message}`),
    );
  });
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    const reason = describeError(error);
    throw new Error(`cannot connect to PostgreSQL at ${describeUrl(url)}: ${reason}`, {
      cause: error,
    });
  }
  const db: Db = drizzle({ client: pool, schema });
  return {
    ...sessionOver(db),
    native: { kind: 'postgres', pool },
    description: `PostgreSQL at ${describeUrl(url)}`,
    transaction: (work) => db.transaction((tx) => work(sessionOver(tx))),
    close: () => pool.end(),
  };
}

/** host:port/database, without user or password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
