import type { SchemeRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { schemeVersion } from '../hq/schemeVersion';

/**
 * The scheme a store uses now for online redemption: the newest active version assigned to the
 * store (or to every store) and valid at `at`. The one place to change when the process-schemes
 * job's store_schemes table becomes the source.
 */
export async function currentSchemeFor(
  session: Session,
  storeId: string,
  currency: string,
  at: Date,
): Promise<SchemeRules | null> {
  const result = await session.query<{ id: string; version: number }>(
    `select id, version from schemes
      where status = 'active'
        and (jsonb_array_length(stores) = 0 or stores ? $1)
        and (valid_from is null or valid_from <= $2::timestamptz)
        and (valid_to is null or valid_to > $2::timestamptz)
      order by activated_at desc nulls last, version desc, id
      limit 1`,
    [storeId, at.toISOString()],
  );
  const row = result.rows[0];
  if (!row) return null;
  return (await schemeVersion(session, row.id, row.version, currency))?.rules ?? null;
}
