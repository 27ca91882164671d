export { PageQuery, pageSchema } from '../../../shared/protocol/api/hqWire';

export interface Page<T> {
  readonly items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** Cuts rows fetched with `limit + 1` into a page: the extra row only says there is more. */
export function pageOf<T>(rows: readonly T[], limit: number, key: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last !== undefined ? key(last) : null };
}
