import type { Db, QueryResult, Session } from './database';
import { rawSql } from './raw-sql';

/** The fields the two drivers' results have in common (pg: rowCount, PGlite: affectedRows). */
interface DriverResult {
  rows: unknown[];
  rowCount?: number | null;
  affectedRows?: number;
}

/** Lets the event loop take a turn: timers, sockets and requests waiting behind the database. */
const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `inThread`: the database answers in this thread (PGlite), so its awaits resolve without the
 * event loop ever running; each query then lets others in, or a long job would keep every request
 * (health probes, registers) waiting until it ends.
 */
export function sessionOver(db: Db, options: { inThread?: boolean } = {}): Session {
  const inThread = options.inThread ?? false;
  return {
    db,
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      if (inThread) await letOthersIn();
      const result = (await db.execute(rawSql(text, params))) as unknown as DriverResult;
      const changed = result.rowCount ?? result.affectedRows ?? 0;
      return { rows: result.rows as Row[], rowCount: Math.max(changed, result.rows.length) };
    },
  };
}
