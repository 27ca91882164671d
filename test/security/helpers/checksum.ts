import type { Database } from '../../../sync-server/src/db/database';

/** Tables a refused request may write to on purpose: failed sign-ins and requests are counted. */
const COUNTED_ATTEMPTS = new Set(['sign_in_attempts', 'rate_limits', 'schema_migrations']);

/**
 * A fingerprint of every table's rows (count and an md5 of the sorted rows): equal before and
 * after a request means the request wrote nothing.
 */
export async function databaseChecksum(database: Database): Promise<Record<string, string>> {
  const tables = await database.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = any (current_schemas(false)) and table_type = 'BASE TABLE'
      order by 1`,
  );
  const parts = tables.rows
    .map((row) => row.name)
    .filter((name) => !COUNTED_ATTEMPTS.has(name))
    .map(
      (name) =>
        `select '${name}' as name, count(*)::text || ':' ||
           md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from "${name}" t`,
    );
  const result = await database.query<{ name: string; sum: string }>(parts.join(' union all '));
  return Object.fromEntries(result.rows.map((row) => [row.name, row.sum]));
}
