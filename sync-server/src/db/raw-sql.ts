import { sql, type SQL, type SQLChunk } from 'drizzle-orm';

const PLACEHOLDER = /\$(\d+)/g;

/**
 * Turns node-postgres style text ("... where id = $1") and its parameters into a drizzle SQL
 * object, so raw statements run through the same session (and transaction) as the query builder
 * on both drivers. Every `$n` is taken as a placeholder, so keep them out of string literals.
 */
export function rawSql(text: string, params: readonly unknown[] = []): SQL {
  const chunks: SQLChunk[] = [];
  let from = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = Number(match[1]) - 1;
    if (index < 0 || index >= params.length) {
      throw new RangeError(`${match[0]} has no parameter (${params.length} given)`);
    }
    chunks.push(sql.raw(text.slice(from, match.index)), sql.param(params[index]));
    from = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(from)));
  return sql.join(chunks);
}
