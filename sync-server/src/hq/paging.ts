import { z } from 'zod';
import { Id } from '../../../shared/domain/common';

/**
 * Keyset paging for head office lists: `?limit=&after=<id of the last row seen>`. Lists can hold a
 * million customers, so pages never use offsets the database would have to walk past.
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: Id.optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
  readonly items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/** Cuts rows fetched with `limit + 1` into a page: the extra row only says there is more. */
export function pageOf<T>(rows: readonly T[], limit: number, key: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last !== undefined ? key(last) : null };
}
