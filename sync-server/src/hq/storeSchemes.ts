import { Scheme } from '../../../shared/domain/loyalty';
import type { Session } from '../db/database';
import { schemeBodySql } from '../distribution/sqlParts';

/**
 * Works out which scheme versions apply to which store at `at`, and stores the answer in
 * store_schemes (replacing the previous one). A version applies when it is active, valid at `at`
 * (valid from inclusive, valid to exclusive), of the store's program (or of no program), and
 * assigned to the store (no stores listed: every store of the program). Of several such versions of
 * one scheme, the highest wins. Returns how many (store, scheme) pairs apply.
 */
export async function refreshStoreSchemes(tx: Session, at: Date): Promise<number> {
  await tx.query('delete from store_schemes');
  const inserted = await tx.query(
    `insert into store_schemes (store_id, scheme_id, scheme_version, computed_at)
     select distinct on (st.id, s.id) st.id, s.id, s.version, now()
     from stores st
     join schemes s on s.status = 'active'
       and (s.valid_from is null or s.valid_from <= $1::timestamptz)
       and (s.valid_to is null or s.valid_to > $1::timestamptz)
       and (s.program_id is null or s.program_id is not distinct from st.program_id)
       and (jsonb_array_length(s.stores) = 0 or s.stores @> jsonb_build_array(st.id))
     order by st.id, s.id, s.version desc`,
    [at.toISOString()],
  );
  return inserted.rowCount;
}

/** The schemes (wire form) that apply to a store, as the last process-loyalty-schemes run found. */
export async function schemesForStore(session: Session, storeId: string): Promise<Scheme[]> {
  const result = await session.query<{ body: unknown }>(
    `select ${schemeBodySql('s')} as body
     from store_schemes ss join schemes s on s.id = ss.scheme_id and s.version = ss.scheme_version
     where ss.store_id = $1 order by s.id`,
    [storeId],
  );
  return result.rows.map((row) => Scheme.parse(row.body));
}
