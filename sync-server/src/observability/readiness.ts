import type { Database } from '../db/database';
import { databaseErrorCode, describeError } from '../db/errors';

export type Readiness =
  | { readonly ready: true; readonly migrations: number }
  | { readonly ready: false; readonly reason: string };

/** How long a readiness check waits for the database before it answers not ready. */
export const READINESS_TIMEOUT_MS = 2_000;

const UNDEFINED_TABLE = '42P01';

async function appliedMigrations(database: Database): Promise<number> {
  try {
    const { rows } = await database.query<{ applied: number }>(
      'select count(*)::int as applied from schema_migrations',
    );
    return rows[0]?.applied ?? 0;
  } catch (error) {
    if (databaseErrorCode(error) === UNDEFINED_TABLE) return 0;
    throw error;
  }
}

/**
 * Whether this server can do its work: the database answers within the timeout and holds every
 * migration the server's files have (a server started beside an older schema is not ready).
 */
export async function checkReadiness(
  database: Database,
  expectedMigrations: number,
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const applied = await Promise.race([appliedMigrations(database), timeout]);
    if (applied < expectedMigrations)
      return {
        ready: false,
        reason: `migrations: ${applied} of ${expectedMigrations} applied; run the migrate command`,
      };
    return { ready: true, migrations: applied };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${describeError(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
