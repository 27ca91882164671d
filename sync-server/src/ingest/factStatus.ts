import type { Session } from '../db/database';
import type { FactStatusResponse } from '../../../shared/protocol/sync';

/** The statuses of the register's own facts among `ids`; another register's facts are not told. */
export async function factStatuses(
  session: Session,
  registerId: string,
  ids: readonly string[],
): Promise<FactStatusResponse['facts']> {
  const { rows } = await session.query<{
    id: string;
    status: 'pending' | 'posted' | 'rejected';
    reason: string | null;
  }>(
    `select id, status, reason from facts
      where id = any($1::uuid[]) and register_id = $2 order by server_time, device_seq`,
    [ids, registerId],
  );
  return rows.map((row) => {
    // A posted fact with a reason is a sale kept whose loyalty entries were rejected.
    const status = row.status === 'posted' && row.reason !== null ? 'loyaltyRejected' : row.status;
    return {
      id: row.id,
      status,
      ...(status !== 'posted' && status !== 'pending' && row.reason !== null
        ? { reason: row.reason }
        : {}),
    };
  });
}
