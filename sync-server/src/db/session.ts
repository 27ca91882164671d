import type { Db, QueryResult, Session } from './database';
import { rawSql } from './raw-sql';

/** The fields the two drivers' results have in common (pg: rowCount, PGlite: affectedRows). */
interface DriverResult {
  rows: unknown[];
  rowCount?: number | null;
  affectedRows?: number;
}

export function sessionOver(db: Db): Session {
  return {
    db,
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = (await db.execute(rawSql(text, params))) as unknown as DriverResult;
      const changed = result.rowCount ?? result.affectedRows ?? 0;
      return { rows: result.rows as Row[], rowCount: Math.max(changed, result.rows.length) };
    },
  };
}
