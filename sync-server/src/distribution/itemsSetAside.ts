import { FeedChange } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';
import { CONFIG_COLLECTIONS, CURRENT_STATE_SQL } from './sqlParts';

/** A store's item that does not satisfy its shared schema: not distributed, with the reason. */
export interface ItemSetAside {
  readonly entity: string;
  readonly entityId: string;
  readonly reason: string;
}

/**
 * The store's items (cards aside) that would be distributed now because they changed: few, as a
 * distribution only carries what changed. Same parameters as the distribution: $1 store id,
 * $2 program id, $3 currency, $4 its minor-unit digits.
 */
const CHANGED_CONFIG_SQL = `
select c.entity, c.entity_id, c.body from (
  ${CONFIG_COLLECTIONS.map((c) => CURRENT_STATE_SQL[c]).join('\n  union all\n  ')}
) c (entity, entity_id, body)
left join distribution_state st
  on st.store_id = $1 and st.entity = c.entity and st.entity_id = c.entity_id
where st.hash is distinct from md5(c.body::text)::uuid`;

/**
 * Checks every changed item against the schema registers parse it with. A row head office's API
 * would have refused (written straight into the database, or by an older version) would otherwise
 * stop every register of the store: its feed page fails to parse, its first load never ends. Such an
 * item is set aside: the store keeps the copy it last received, the run names it and why.
 */
export async function itemsToSetAside(
  tx: Session,
  params: readonly unknown[],
): Promise<ItemSetAside[]> {
  const changed = await tx.query<{ entity: string; entity_id: string; body: unknown }>(
    CHANGED_CONFIG_SQL,
    [...params],
  );
  return changed.rows.flatMap((row) => {
    const parsed = FeedChange.safeParse({
      collection: row.entity,
      key: row.entity_id,
      data: row.body,
    });
    if (parsed.success) return [];
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return [{ entity: row.entity, entityId: row.entity_id, reason }];
  });
}

/** The keys the distribution statement leaves alone, as its text[] parameter. */
export const setAsideKeys = (items: readonly ItemSetAside[]): string[] =>
  items.map((item) => `${item.entity}:${item.entityId}`);
