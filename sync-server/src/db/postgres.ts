import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database, Db } from './database';
import { describeError } from './errors';
import { parseInt8 } from './safe-integer';
import * as schema from './schema';
import { sessionOver } from './session';
import { processLogger, type Logger } from '../observability/logger';

// pg reads bigint as a string by default. Drizzle's per-query type overrides fall back to pg's
// global parsers, so the guard has to be registered there to cover raw rows and count(*) alike.
pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);

export interface PostgresOptions {
  /** Connections in the pool (pg's default is 10). */
  poolSize?: number;
  /** Where connection failures are logged (default: the process logger). */
  log?: Logger;
  /**
   * PostgreSQL itself when `url` is a transaction pooler (PgBouncer): the sessions that must stay
   * on one server connection (LISTEN, job locks, temporary tables) open their connections here.
   */
  directUrl?: string;
}

/** Connections the direct pool keeps: the listener, a few jobs and a distribution run. */
const SESSION_POOL_SIZE = 6;

/**
 * A real PostgreSQL server at `url` (postgres://user:password@host:port/database), or a
 * transaction pooler in front of one with `options.directUrl` pointing at the server itself.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const log = (options.log ?? processLogger()).child({ component: 'database' });
  const pool = await openPool(url, options.poolSize ?? 10, log);
  let sessionPool = pool;
  if (options.directUrl) {
    try {
      sessionPool = await openPool(options.directUrl, SESSION_POOL_SIZE, log);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  const db: Db = drizzle({ client: pool, schema });
  const through = options.directUrl
    ? ` (sessions direct to ${describeUrl(options.directUrl)})`
    : '';
  return {
    ...sessionOver(db),
    native: { kind: 'postgres', pool, sessionPool },
    description: `PostgreSQL at ${describeUrl(url)}${through}`,
    transaction: transactionsOn(pool),
    close: async () => {
      await pool.end();
      if (sessionPool !== pool) await sessionPool.end();
    },
  };
}

/** A pool that has answered one query (so a wrong URL fails at start, with the reason). */
async function openPool(url: string, max: number, log: Logger): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The pool drops the client; the next query opens a new one.
  pool.on('error', (error) => log.warn({ err: error }, `idle connection failed: ${error.message}`));
  // A client checked out of the pool (inside a transaction, between two statements) that loses its
  // connection emits 'error' on itself, where the pool listens no more: that too would crash the
  // process. The statement waiting on it fails instead, as a connection failure (503, retried).
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      log.warn({ err: error }, `connection in use failed: ${error.message}`),
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
  return pool;
}

/**
 * Transactions on a connection of the pool, each given back whatever happens. Drizzle's own
 * transaction over a pool sends BEGIN outside its try: when the connection dies between checkout
 * and BEGIN (a database restart, a cut network) the connection is never released, and the pool's
 * end (the server's close) then waits for it forever. So the connection is checked out here and
 * released in a finally; a dead one is dropped by the pool on release, not handed out again.
 */
function transactionsOn(pool: pg.Pool): Database['transaction'] {
  // Drizzle builds its relational schema per instance (a fraction of a millisecond): once per
  // connection, not once per transaction.
  const perConnection = new WeakMap<pg.PoolClient, Db>();
  return async (work) => {
    const client = await pool.connect();
    try {
      let db = perConnection.get(client);
      if (!db) {
        db = drizzle({ client, schema });
        perConnection.set(client, db);
      }
      return await db.transaction((tx) => work(sessionOver(tx)));
    } finally {
      client.release();
    }
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
