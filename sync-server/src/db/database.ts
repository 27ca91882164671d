import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';
import type * as schema from './schema';

export type Schema = typeof schema;

/** Drizzle over either driver; a transaction handle has this type too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows returned, or rows changed by an INSERT / UPDATE / DELETE without RETURNING. */
  rowCount: number;
}

/**
 * What code that reads and writes needs: the query builder, and one raw statement at a time for
 * bulk paths (unnest, big aggregates). Raw rows come back with bigint as safe JS numbers, numeric as
 * strings, jsonb parsed and timestamps as PostgreSQL's text (the same on both drivers).
 */
export interface Session {
  readonly db: Db;
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

/** The driver underneath, for what drizzle does not cover (COPY, LISTEN/NOTIFY, a job queue). */
export type NativeClient =
  | { kind: 'pglite'; client: PGlite }
  | {
      kind: 'postgres';
      /** Statements and transactions; may go through a transaction pooler (PgBouncer). */
      pool: Pool;
      /**
       * Connections straight to PostgreSQL, for what needs one session throughout: LISTEN, advisory
       * locks held across transactions, temporary tables that outlive a transaction. A transaction
       * pooler would hand each transaction another server connection. The same pool as `pool`
       * when no direct URL is set.
       */
      sessionPool: Pool;
    };

export interface Database extends Session {
  readonly native: NativeClient;
  /** Where the data lives, for logs (never includes a password). */
  readonly description: string;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Inside, use only `tx`: on PGlite, the one connection is held by the transaction, so a query on
   * the outer Database would wait for it forever.
   */
  transaction<T>(work: (tx: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
