import type { z } from 'zod';
import type { Session } from '../db/database';
import type {
  DayRange,
  EnrolmentReport,
  EnrolmentRow,
} from '../../../shared/protocol/api/reportWire';
import { dayEndSql, dayStartSql } from './range';

/** Cards issued per day and enrolment source, on the index cards_issued_idx (issued_at). */
export async function enrolmentReport(
  session: Session,
  range: DayRange,
): Promise<z.infer<typeof EnrolmentReport>> {
  const result = await session.query<z.infer<typeof EnrolmentRow>>(
    `select to_char((issued_at at time zone $3::text)::date, 'YYYY-MM-DD') as day,
            enrolment_source as source, enrolment_store_id as store, count(*)::int as cards
       from cards
      where issued_at >= ${dayStartSql('$1', '$3')} and issued_at < ${dayEndSql('$2', '$3')}
      group by 1, 2, 3
      order by 1, 2, 3 nulls first`,
    [range.from, range.to, range.timeZone],
  );
  return { from: range.from, to: range.to, timeZone: range.timeZone, rows: result.rows };
}
