import type { z } from 'zod';
import type { Session } from '../db/database';
import { isoSql } from '../db/sqlParams';
import type { VoidQuery, VoidReport, VoidRow } from '../../../shared/protocol/api/reportWire';
import { dayEndSql, dayStartSql } from './range';

/**
 * Every line and sale voided at the registers in the range (device time), of one store or all,
 * newest first.
 */
export async function voidReport(
  session: Session,
  range: VoidQuery,
): Promise<z.infer<typeof VoidReport>> {
  const result = await session.query<z.infer<typeof VoidRow>>(
    `select id::text, store_id as store, register_id as register,
            ${isoSql('device_time')} as at,
            body->'void'->>'scope' as scope, body->'void'->>'staff' as staff,
            body->'void'->>'approvedBy' as "approvedBy", body->'void'->>'reason' as reason,
            body->'void'->>'card' as card, body->'void'->>'currency' as currency,
            body->'void'->>'total' as total, body->'void'->'lines' as lines
       from facts
      where type = 'void'
        and device_time >= ${dayStartSql('$1', '$3')} and device_time < ${dayEndSql('$2', '$3')}
        and ($4::text is null or store_id = $4)
      order by device_time desc, id
      limit 5000`,
    [range.from, range.to, range.timeZone, range.store ?? null],
  );
  return { from: range.from, to: range.to, timeZone: range.timeZone, rows: result.rows };
}
